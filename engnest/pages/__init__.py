"""One module per page, with its substate beside it."""
