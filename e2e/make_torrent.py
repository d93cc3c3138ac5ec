#!/usr/bin/python3
"""Creates a .torrent with libtorrent, an independent producer for Gorrent's tests.

Usage: make_torrent.py PATH OUTPUT --tracker URL [--tracker URL]... --piece-size BYTES [--private]

PATH is a file (single-file torrent) or a folder (multi-file torrent, named after the
folder; empty files are kept). The torrent is BitTorrent v1 only, without pad files.
Each --tracker gets its own tier, in the order given. Prints the v1 info-hash as
40 lowercase hex digits on stdout. Exit code 2 on bad input.
"""

import argparse
import os
import sys

import libtorrent as lt


def parse_args():
    parser = argparse.ArgumentParser(description="Create a v1 .torrent with libtorrent.")
    parser.add_argument("path", help="file or folder to describe")
    parser.add_argument("output", help="where to write the .torrent")
    parser.add_argument("--tracker", action="append", required=True, metavar="URL",
                        help="announce URL (repeatable; one tier each)")
    parser.add_argument("--piece-size", type=int, required=True, metavar="BYTES",
                        help="piece length: a power of two, at least 16 KiB")
    parser.add_argument("--private", action="store_true", help="set the private flag (BEP 27)")
    args = parser.parse_args()
    size = args.piece_size
    if size < 16 * 1024 or size & (size - 1):
        parser.error("--piece-size %d is not a power of two of at least 16384" % size)
    if not os.path.exists(args.path):
        parser.error("%s does not exist" % args.path)
    return args


def describe_files(path):
    files = lt.file_storage()
    # add_files walks a folder recursively; the predicate keeps every entry, empty files too.
    lt.add_files(files, os.path.abspath(path), lambda _: True)
    if files.num_files() == 0:
        raise SystemExit("make_torrent.py: %s holds no files" % path)
    return files


def main():
    args = parse_args()
    source = os.path.abspath(args.path)
    files = describe_files(source)
    torrent = lt.create_torrent(files, args.piece_size, flags=lt.create_torrent.v1_only)
    for tier, url in enumerate(args.tracker):
        torrent.add_tracker(url, tier)
    torrent.set_creator("gorrent-e2e make_torrent.py, libtorrent " + lt.__version__)
    torrent.set_priv(args.private)
    # Hashes read the data relative to the folder that holds the file or top folder.
    lt.set_piece_hashes(torrent, os.path.dirname(source))
    with open(args.output, "wb") as out:
        out.write(lt.bencode(torrent.generate()))
    info = lt.torrent_info(args.output)
    print(str(info.info_hashes().v1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
