"""Network tables: friendships, blocks, collaborations."""

from engnest.network.models.friends import Friendship
from engnest.network.models.relations import Block, Collaboration

__all__ = ["Block", "Collaboration", "Friendship"]
