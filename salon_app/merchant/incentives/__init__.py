"""The shop's incentive rules and their awards."""
