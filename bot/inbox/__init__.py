"""The durable inbox: every update stored before Telegram is told it arrived, then handled
from there, each chat's in order, by any worker, retried until it is done.

`receipt` turns what Telegram sent into stored arrivals; `polling` and the webhook server
(`bot.webhook`) feed it; `dispatcher` hands the arrivals to the bot chat by chat, with
retries and backoff; `processing` is what a handler tells the dispatcher about its update.
"""
