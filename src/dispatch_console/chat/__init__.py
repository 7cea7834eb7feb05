"""Online chat systems at the edge: whatever a chat system posts (Chatwoot's webhooks, or the
generic JSON schema any other system can send) becomes a `domain.chat.ChatDelivery`."""
