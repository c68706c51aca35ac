#!/usr/bin/env python3
"""A TCP relay that delays every byte by a fixed time in each direction, to measure
panelmail against a mail server that is far away (bench.sh's BENCH_LATENCY_MS).
Loopback has no latency, so a benchmark on loopback cannot show what round trips cost
against Microsoft 365 or a council's own server across the country.

    latency_proxy.py LISTEN_PORT TARGET_HOST TARGET_PORT DELAY_MS

Prints "ready" once it listens. TLS passes through untouched: the client still talks
to the real server and checks its certificate. Order is kept; bandwidth is not limited."""
import asyncio
import sys

listen_port, target_host, target_port, delay_ms = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
delay = delay_ms / 1000


async def relay(reader, writer):
    """Copies reader to writer, each chunk sent `delay` after it arrived."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                try:
                    writer.write_eof()
                except OSError:
                    pass
                return
            writer.write(data)
            await writer.drain()

    sender = asyncio.create_task(deliver())
    try:
        while True:
            data = await reader.read(256 * 1024)
            queue.put_nowait((loop.time() + delay, data))
            if not data:
                break
        await sender
    except (ConnectionError, OSError):
        sender.cancel()
    finally:
        writer.close()


async def handle(client_reader, client_writer):
    try:
        server_reader, server_writer = await asyncio.open_connection(target_host, target_port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(relay(client_reader, server_writer), relay(server_reader, client_writer), return_exceptions=True)


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
