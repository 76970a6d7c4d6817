#!/usr/bin/python3
# bench-sigv4-botocore.py
#
# Copyright 2026 The Glaux authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Times botocore's SigV4Auth on the request bench-sigv4 signs: bench-sigv4 passes the URL,
# headers and scope as arguments and the body on stdin, so both sign the same bytes.
# Prints one "run" line per run and a final "MEDIAN_US=... MIN_US=... MAX_US=..." line.

import argparse
import statistics
import sys
import time

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--url', required=True)
    parser.add_argument('--region', required=True)
    parser.add_argument('--service', required=True)
    parser.add_argument('--access-key-id', required=True)
    parser.add_argument('--secret-access-key', required=True)
    parser.add_argument('--session-token')
    parser.add_argument('--header', action='append', default=[],
                        help='"Name: value", repeatable')
    parser.add_argument('--runs', type=int, default=7)
    parser.add_argument('--iterations', type=int, default=2000)
    return parser.parse_args()


def build_request(arguments, body):
    headers = {}
    for header in arguments.header:
        name, separator, value = header.partition(':')
        if not separator:
            sys.exit(f'bench-sigv4-botocore: header "{header}" has no ":"')
        headers[name.strip()] = value.strip()
    return AWSRequest(method='POST', url=arguments.url, headers=headers, data=body)


def time_run(signer, request, iterations):
    start = time.perf_counter()
    for _ in range(iterations):
        signer.add_auth(request)
    return (time.perf_counter() - start) / iterations * 1e6


def main():
    arguments = parse_arguments()
    body = sys.stdin.buffer.read()
    credentials = Credentials(arguments.access_key_id, arguments.secret_access_key,
                              arguments.session_token)
    signer = SigV4Auth(credentials, arguments.service, arguments.region)
    request = build_request(arguments, body)

    time_run(signer, request, max(arguments.iterations // 10, 1))
    runs = [time_run(signer, request, arguments.iterations) for _ in range(arguments.runs)]
    for index, microseconds in enumerate(runs):
        print(f'run {index + 1} {microseconds:.3f}')
    print(f'MEDIAN_US={statistics.median(runs):.3f} MIN_US={min(runs):.3f} '
          f'MAX_US={max(runs):.3f}')


if __name__ == '__main__':
    main()
