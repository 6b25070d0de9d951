"""Friends: friends with online dots, requests received and sent, blocked people."""
