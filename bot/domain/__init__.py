"""Pure types and rules of an offer: the topic registry, the offer file's schema, dates, French formatting, the clock."""
