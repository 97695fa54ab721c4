#!/usr/bin/python3
"""The seed's asyncio + aiohttp downloader, as the yardstick for `fanout fetch -m async`.

Usage: fetch_aiohttp.py URLFILE   (one URL per line; all fetched at once, one session)
"""
import asyncio
import sys
import time

import aiohttp


async def download_site(session, url):
    async with session.get(url) as response:
        body = await response.read()
        return len(body)


async def download_all_sites(urls):
    async with aiohttp.ClientSession() as session:
        tasks = [asyncio.ensure_future(download_site(session, url)) for url in urls]
        return await asyncio.gather(*tasks, return_exceptions=True)


def main():
    with open(sys.argv[1]) as f:
        urls = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    start = time.time()
    sizes = asyncio.run(download_all_sites(urls))
    duration = time.time() - start
    ok = [s for s in sizes if isinstance(s, int)]
    print(f"Downloaded {len(ok)}/{len(urls)} sites, {sum(ok)} bytes in {duration:.3f} seconds",
          file=sys.stderr)


if __name__ == "__main__":
    main()
