"""engnest.community.state: the Rooms badge in the app shell."""
