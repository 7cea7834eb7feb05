"""The Conversations dock: online chats, who they may be, and turning them into tickets."""
