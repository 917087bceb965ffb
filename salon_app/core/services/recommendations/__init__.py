"""猜你喜欢: services and technicians recommended to a customer (from what is booked
together and near them; for a new customer, what is popular in their district then), and the
offline evaluation against "most popular".
"""

__all__: list[str] = []
