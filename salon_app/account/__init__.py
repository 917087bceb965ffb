"""The account pages every role reaches from its menu: changing one's password."""
