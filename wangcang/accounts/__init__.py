"""Accounts people run themselves: password reset by e-mail, two-factor sign-in with a
time-based code, and the county staff's management of the accounts in their division."""
