"""Reading a candidate's message: the question it contains, the fact it asks about, the topic it names (the fallback's safety net). Pure."""
