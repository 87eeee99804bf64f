"""The WeCom channel against the fake WeCom server, in one process on a SQLite file:

  (i)  callbacks: U officials each send M texts (/start) as encrypted callbacks, one after the
       other per official, all officials at once. Measured: how long the bot takes to answer
       a callback (checked, decrypted, recorded in the inbox — WeCom gives up after 5 s and
       sends it again) and how long until the reply card reaches the fake server.
  (ii) outbox: N messages to C WeCom users through the dispatcher with the default limits.
       Measured: the sustained rate (cap: 20/s for WeCom) and the shortest gap between two
       messages to one user (WeCom drops past 30 a minute per user: the bot spaces them 2 s).

    PYTHONPATH=. python bench/bench_wecom.py [--officials 50] [--messages 10]
                                             [--outbox 300] [--users 30]
Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import build_app
from bot.settings import Settings
from bot.wecom.channel import make_transport, start_wecom
from bot.wecom.server import CALLBACK_PATH
from cases.clock import SystemClock
from scheduler.service import start_background
from storage.crypto import generate_key
from storage.outbox import OutboxMessage, enqueue
from tests.support.fake_wecom import FakeWeCom, FakeWeComUser
from tests.support.wecom import wecom_settings


def quantiles(values: list[float]) -> str:
    ordered = sorted(values)
    at = lambda q: ordered[min(int(q * len(ordered)), len(ordered) - 1)] * 1000  # noqa: E731
    return (f"p50 {at(0.5):.1f} ms, p95 {at(0.95):.1f} ms, p99 {at(0.99):.1f} ms, "
            f"max {ordered[-1] * 1000:.1f} ms")


async def official(wecom: FakeWeCom, user: FakeWeComUser, messages: int,
                   answers: list[float], replies: list[float]) -> None:
    for _ in range(messages):
        had = len(user.all_messages)
        query, body = wecom.callback_body(user, {"MsgType": "text", "Content": "/start",
                                                 "MsgId": str(next(wecom.msg_ids))})
        start = time.monotonic()
        status = await wecom.post(query, body)
        answers.append(time.monotonic() - start)
        assert status == 200
        while True:  # the reply reaches the fake server
            if len(user.all_messages) > had:
                break
            await asyncio.sleep(0.005)
        replies.append(user.all_messages[-1].at - start)


async def main(args: argparse.Namespace) -> None:
    wecom = FakeWeCom()
    await wecom.start()
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{folder}/bench.db",
                            data_key=generate_key(), **wecom_settings(wecom))
        app = await build_app(settings, SystemClock())
        transport = make_transport(app)
        background = await start_background(app.background(), {"wecom": transport},
                                            with_scheduler=False)
        channel = await start_wecom(app, transport, background.replies, host="127.0.0.1", port=0)
        wecom.callback_url = f"http://127.0.0.1:{channel.port}{CALLBACK_PATH}"
        try:
            answers: list[float] = []
            replies: list[float] = []
            began = time.monotonic()
            await asyncio.gather(*(official(wecom, wecom.user(f"official{i}"), args.messages,
                                            answers, replies) for i in range(args.officials)))
            took = time.monotonic() - began
            print(f"(i) {len(answers)} callbacks from {args.officials} officials in {took:.1f} s "
                  f"({len(answers) / took:.0f}/s)")
            print(f"    callback answered: {quantiles(answers)}")
            print(f"    reply card arrived: {quantiles(replies)}")

            if not args.outbox:
                return
            users = [wecom.user(f"member{i}") for i in range(args.users)]
            now = app.services.clock.now()
            async with app.db.begin() as tx:
                for n in range(args.outbox):
                    await enqueue(tx, OutboxMessage(channel="wecom", chat_id=users[n % len(users)].id,
                                                    key="wecom.more_buttons",
                                                    params={"page": n, "pages": 0}), now)
            began = time.monotonic()
            while True:  # until the fake server has them all
                if sum(len(u.all_messages) for u in users) >= args.outbox:
                    break
                await asyncio.sleep(0.05)
            took = time.monotonic() - began
            gaps = [b.at - a.at for u in users for a, b in zip(u.all_messages, u.all_messages[1:],
                                                                strict=False)]
            stamps = sorted(m.at for u in users for m in u.all_messages)
            busiest = max(sum(1 for t in stamps if s <= t < s + 1.0) for s in stamps)
            print(f"(ii) {args.outbox} outbox messages to {args.users} WeCom users in {took:.1f} s "
                  f"({args.outbox / took:.1f}/s); busiest second {busiest} (cap 20); shortest gap "
                  f"to one user {min(gaps):.2f} s (spacing 2 s), median {statistics.median(gaps):.2f} s")
        finally:
            await channel.close()
            await background.stop()
            await transport.close()
            await app.close()
            await wecom.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--officials", type=int, default=50)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--outbox", type=int, default=300)
    parser.add_argument("--users", type=int, default=30)
    asyncio.run(main(parser.parse_args()))
