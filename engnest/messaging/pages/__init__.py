"""Direct messages: the conversation list (/messages) and a thread (/messages/[user_id])."""
