"""Community: rooms where people meet under a pseudonym until they have met (issue 13)."""
