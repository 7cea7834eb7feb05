"""PBX adapters: whatever the PBX speaks, the rest of the code sees normalised call events."""
