#!/usr/bin/python3
# make-seeds.py GLAUX_LOCAL CORPUS_DIR: records real traffic for the seed corpora. It starts
# glaux-local, drives it with boto3 (Athena and S3 operations, a SQL and a Python calculation)
# and writes each Athena response body to fuzz-athena-json/ and each request, in the format of
# fuzz-local-request.c, to fuzz-local-request/. Run it again only to refresh those seeds; the
# hand-written ones beside them stay.
import json
import os
import subprocess
import sys
import tempfile
import time

import boto3
import botocore.config

ACCESS_KEY_ID = "AKIAFUZZFUZZFUZZFUZZ"
SECRET = "fuzz/secret/fuzz/secret/fuzz/secret/fuzz"
KEEP_HEADERS = {"x-amz-target", "content-type", "range", "content-md5", "if-match",
                "if-none-match", "x-amz-copy-source"}

local, corpus = sys.argv[1], sys.argv[2]
requests_dir = os.path.join(corpus, "fuzz-local-request")
responses_dir = os.path.join(corpus, "fuzz-athena-json")
os.makedirs(requests_dir, exist_ok=True)
os.makedirs(responses_dir, exist_ok=True)
counter = {"n": 0}


def save_request(request, **kwargs):
    counter["n"] += 1
    url = request.url.split("://", 1)[1]
    target = url[url.index("/"):] if "/" in url else "/"
    lines = ["%s %s" % (request.method, target)]
    for name, value in request.headers.items():
        if name.lower() in KEEP_HEADERS:
            value = value.decode() if isinstance(value, bytes) else value
            lines.append("%s: %s" % (name, value))
    body = request.body or b""
    if hasattr(body, "read"):
        stream = body
        position = stream.tell()
        body = stream.read()
        stream.seek(position)
    if isinstance(body, str):
        body = body.encode()
    name = "%02d-%s" % (counter["n"], counter.get("operation", "request"))
    with open(os.path.join(requests_dir, name), "wb") as f:
        f.write(b"\x00" + "\n".join(lines).encode() + b"\n\n" + body)


def note_operation(model, **kwargs):
    counter["operation"] = model.name


def save_response(http_response, model, **kwargs):
    if not model.name.startswith(("List", "Get", "Start", "Create", "Terminate", "Stop")):
        return
    if http_response.headers.get("content-type", "").startswith("application/x-amz-json"):
        suffix = "" if http_response.status_code == 200 else "-error"
        name = "%s%s.json" % (model.name, suffix)
        with open(os.path.join(responses_dir, name), "wb") as f:
            f.write(http_response.content)


with tempfile.TemporaryDirectory() as data_dir:
    process = subprocess.Popen([local, "--port", "0", "--data-dir", data_dir,
                                "--access-key-id", ACCESS_KEY_ID, "--secret-access-key", SECRET,
                                "--time-scale", "100"], stdout=subprocess.PIPE, text=True)
    ready = json.loads(process.stdout.readline())
    try:
        session = boto3.session.Session(aws_access_key_id=ACCESS_KEY_ID,
                                        aws_secret_access_key=SECRET, region_name="us-east-1")
        config = botocore.config.Config(retries={"max_attempts": 1},
                                        s3={"addressing_style": "path"})
        athena = session.client("athena", endpoint_url=ready["endpoint"], config=config)
        s3 = session.client("s3", endpoint_url=ready["endpoint"], config=config)
        for client in (athena, s3):
            client.meta.events.register("before-call", note_operation)
            client.meta.events.register("before-send", save_request)
            client.meta.events.register("after-call", save_response)

        athena.list_work_groups()
        athena.create_work_group(Name="fuzz", Description="seed",
                                 Configuration={"EngineVersion": {
                                     "SelectedEngineVersion": "PySpark engine version 3"}})
        athena.get_work_group(WorkGroup="fuzz")
        athena.list_engine_versions()
        athena.list_application_dpu_sizes()
        sid = athena.start_session(WorkGroup="fuzz", Description="seed",
                                   EngineConfiguration={"MaxConcurrentDpus": 4})["SessionId"]
        for _ in range(100):
            if athena.get_session_status(SessionId=sid)["Status"]["State"] == "IDLE":
                break
            time.sleep(0.05)
        athena.get_session(SessionId=sid)
        athena.list_sessions(WorkGroup="fuzz")
        for code in ("SELECT 1 AS a, 'x,y' AS b, NULL AS c", "print('hello')"):
            cid = athena.start_calculation_execution(SessionId=sid, CodeBlock=code)[
                "CalculationExecutionId"]
            for _ in range(200):
                state = athena.get_calculation_execution_status(
                    CalculationExecutionId=cid)["Status"]["State"]
                if state in ("COMPLETED", "FAILED", "CANCELED"):
                    break
                time.sleep(0.05)
            athena.get_calculation_execution(CalculationExecutionId=cid)
            athena.get_calculation_execution_code(CalculationExecutionId=cid)
        athena.list_calculation_executions(SessionId=sid)
        athena.list_executors(SessionId=sid)
        try:
            athena.get_session(SessionId="no-such-session")
        except athena.exceptions.ClientError:
            pass
        athena.terminate_session(SessionId=sid)

        s3.create_bucket(Bucket="seed-bucket")
        s3.put_object(Bucket="seed-bucket", Key="dir/a b.csv", Body=b"a,b\n1,2\n")
        s3.get_object(Bucket="seed-bucket", Key="dir/a b.csv", Range="bytes=0-3")
        s3.head_object(Bucket="seed-bucket", Key="dir/a b.csv")
        s3.list_objects_v2(Bucket="seed-bucket", Prefix="dir/", Delimiter="/")
        s3.list_buckets()
        s3.delete_object(Bucket="seed-bucket", Key="dir/a b.csv")
    finally:
        process.terminate()
        process.wait()
