#!/usr/bin/python3
# boto3_suite.py
#
# Copyright 2026 The Glaux authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Black-box checks of a running glaux-local through boto3 (Debian python3-boto3), exactly as an
# SDK user sees it. Run by tests/unit/test-local-boto3.c, one case per process:
#
#   /usr/bin/python3 boto3_suite.py CASE
#
# with GLAUX_ENDPOINT, GLAUX_REGION, GLAUX_ACCESS_KEY_ID and GLAUX_SECRET_ACCESS_KEY describing
# the server. Exits 0 when every check of the case holds, 1 with the failed check on stderr.

import os
import sys
import time
import uuid

import boto3
import botocore
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

BUSY_MESSAGE = "Session is in the BUSY state; needs to be IDLE to accept Calculations."
SPARK_ENGINE = "PySpark engine version 3"
RESULTS_BUCKET = "glaux-local-results"
TERMINAL_CALCULATION = ("COMPLETED", "FAILED", "CANCELED")
TERMINAL_SESSION = ("TERMINATED", "FAILED", "DEGRADED")


class CheckFailed(Exception):
    pass


def check(condition, what, *details):
    if not condition:
        raise CheckFailed(what + "".join("\n  " + repr(d) for d in details))


def boto_session(secret=None, access_key=None):
    return boto3.session.Session(
        aws_access_key_id=access_key or os.environ["GLAUX_ACCESS_KEY_ID"],
        aws_secret_access_key=secret or os.environ["GLAUX_SECRET_ACCESS_KEY"],
        region_name=os.environ["GLAUX_REGION"])


def client(service, secret=None, access_key=None):
    config = Config(retries={"mode": "standard", "max_attempts": 2},
                    s3={"addressing_style": "path"}, connect_timeout=5, read_timeout=30)
    return boto_session(secret, access_key).client(service,
                                                   endpoint_url=os.environ["GLAUX_ENDPOINT"],
                                                   config=config)


def expect_client_error(code, call, *args, message=None, message_part=None, **kwargs):
    try:
        call(*args, **kwargs)
    except ClientError as error:
        got = error.response["Error"]
        check(got.get("Code") == code, "error code", code, got)
        if message is not None:
            check(got.get("Message") == message, "error message", message, got)
        if message_part is not None:
            check(message_part in got.get("Message", ""), "error message part", message_part, got)
        return got
    raise CheckFailed("%s did not fail with %s" % (call.__name__, code))


def unique(prefix):
    return "%s-%s" % (prefix, uuid.uuid4().hex[:10])


def create_workgroup(athena, name):
    athena.create_work_group(
        Name=name,
        Description="boto3 suite",
        Configuration={
            "ResultConfiguration": {"OutputLocation": "s3://%s/%s/" % (RESULTS_BUCKET, name)},
            "EngineVersion": {"SelectedEngineVersion": SPARK_ENGINE},
            "ExecutionRole": "arn:aws:iam::123456789012:role/glaux-local",
        })


def wait_session(athena, session_id, states, timeout=20.0):
    deadline = time.monotonic() + timeout
    while True:
        status = athena.get_session_status(SessionId=session_id)["Status"]
        if status["State"] in states:
            return status
        check(time.monotonic() < deadline, "session reached %s in time" % (states,), status)
        time.sleep(0.02)


def start_session(athena, workgroup, idle_minutes=480):
    response = athena.start_session(
        WorkGroup=workgroup,
        EngineConfiguration={"CoordinatorDpuSize": 1, "MaxConcurrentDpus": 20,
                             "DefaultExecutorDpuSize": 1},
        SessionIdleTimeoutInMinutes=idle_minutes)
    check(response["State"] in ("CREATING", "CREATED", "IDLE"), "StartSession state", response)
    wait_session(athena, response["SessionId"], ("IDLE",))
    return response["SessionId"]


def wait_calculation(athena, calculation_id, timeout=30.0):
    deadline = time.monotonic() + timeout
    while True:
        response = athena.get_calculation_execution(CalculationExecutionId=calculation_id)
        if response["Status"]["State"] in TERMINAL_CALCULATION:
            return response
        check(time.monotonic() < deadline, "calculation ended in time", response)
        time.sleep(0.02)


def calculate(athena, session_id, code, state="COMPLETED"):
    started = athena.start_calculation_execution(SessionId=session_id, CodeBlock=code)
    result = wait_calculation(athena, started["CalculationExecutionId"])
    check(result["Status"]["State"] == state, "calculation state for %r" % code, result)
    # The session accepts the next calculation once it is IDLE again.
    wait_session(athena, session_id, ("IDLE",))
    return result


def read_s3_uri(s3, uri):
    check(uri.startswith("s3://"), "S3 URI", uri)
    bucket, _, key = uri[len("s3://"):].partition("/")
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()


def result_csv(s3, result):
    uri = result["Result"]["ResultS3Uri"]
    if not uri.endswith(".csv"):
        uri = uri.rstrip("/") + "/result.csv"
    return read_s3_uri(s3, uri)


# -----------------------------------------------------------------------------------------------

def case_workgroups():
    athena = client("athena")
    name = unique("wg")
    create_workgroup(athena, name)

    got = athena.get_work_group(WorkGroup=name)["WorkGroup"]
    check(got["Name"] == name and got["State"] == "ENABLED", "GetWorkGroup", got)
    check(got["Configuration"]["EngineVersion"]["SelectedEngineVersion"] == SPARK_ENGINE,
          "engine version kept", got)
    check(got["Configuration"]["ResultConfiguration"]["OutputLocation"]
          == "s3://%s/%s/" % (RESULTS_BUCKET, name), "output location kept", got)

    names = [w["Name"] for w in athena.list_work_groups()["WorkGroups"]]
    check(name in names and "primary" in names, "ListWorkGroups has both", names)

    athena.update_work_group(WorkGroup=name, Description="changed", State="DISABLED")
    got = athena.get_work_group(WorkGroup=name)["WorkGroup"]
    check(got["Description"] == "changed" and got["State"] == "DISABLED", "UpdateWorkGroup", got)

    expect_client_error("InvalidRequestException", athena.create_work_group, Name=name,
                        Configuration={"EngineVersion": {"SelectedEngineVersion": SPARK_ENGINE}})

    athena.delete_work_group(WorkGroup=name)
    expect_client_error("InvalidRequestException", athena.get_work_group, WorkGroup=name,
                        message="WorkGroup %s is not found." % name)


def case_sql_calculation():
    athena, s3 = client("athena"), client("s3")
    name = unique("wg-sql")
    create_workgroup(athena, name)
    session_id = start_session(athena, name)

    session = athena.get_session(SessionId=session_id)
    check(session["WorkGroup"] == name and session["Status"]["State"] == "IDLE",
          "GetSession", session)

    code = "%%sql\nSELECT 1 AS one, 'a,b' AS two, NULL AS three UNION ALL SELECT 2, 'c', 3.5"
    result = calculate(athena, session_id, code)
    check(result_csv(s3, result) == b'one,two,three\r\n1,"a,b",\r\n2,c,3.5\r\n',
          "SQL result bytes", result_csv(s3, result))
    check(result["Result"]["ResultType"], "ResultType set", result)
    check(result["Statistics"]["DpuExecutionInMillis"] > 0, "DPU ms counted", result)
    check(result["Statistics"].get("Progress"), "progress text", result)
    code_back = athena.get_calculation_execution_code(
        CalculationExecutionId=result["CalculationExecutionId"])
    check(code_back["CodeBlock"] == code, "GetCalculationExecutionCode", code_back)

    failed = calculate(athena, session_id, "%%sql\nSELECT * FROM no_such_table", "FAILED")
    stderr = read_s3_uri(s3, failed["Result"]["StdErrorS3Uri"])
    check(b"no such table: no_such_table" in stderr, "SQL error in stderr", stderr)

    listed = athena.list_calculation_executions(SessionId=session_id)["Calculations"]
    check([c["CalculationExecutionId"] for c in listed]
          == [failed["CalculationExecutionId"], result["CalculationExecutionId"]],
          "ListCalculationExecutions newest first", listed)
    athena.terminate_session(SessionId=session_id)


def case_python_calculation():
    athena, s3 = client("athena"), client("s3")
    name = unique("wg-py")
    create_workgroup(athena, name)
    session_id = start_session(athena, name)

    calculate(athena, session_id,
              "spark.sql(\"CREATE TABLE IF NOT EXISTS boto_people (name TEXT, age INTEGER)\")\n"
              "spark.sql(\"DELETE FROM boto_people\")\n"
              "spark.sql(\"INSERT INTO boto_people VALUES ('Ada', 36), ('Grace', 45)\")\n"
              "greeting = 'hello from the worker'")
    shown = calculate(athena, session_id,
                      "print(greeting)\n"
                      "df = spark.sql('SELECT name, age FROM boto_people ORDER BY age')\n"
                      "df.show()\n"
                      "display(df)")
    stdout = read_s3_uri(s3, shown["Result"]["StdOutS3Uri"])
    check(stdout == (b"hello from the worker\n"
                     b"+-----+---+\n"
                     b"| name|age|\n"
                     b"+-----+---+\n"
                     b"|  Ada| 36|\n"
                     b"|Grace| 45|\n"
                     b"+-----+---+\n"
                     b"\n"), "stdout object holds the exact show() table", stdout)
    check(result_csv(s3, shown) == b"name,age\r\nAda,36\r\nGrace,45\r\n", "display(df) CSV",
          result_csv(s3, shown))

    failed = calculate(athena, session_id, "x = 1\nfoobar\n", "FAILED")
    stderr = read_s3_uri(s3, failed["Result"]["StdErrorS3Uri"])
    check(b'File "<stdin>", line 2, in <module>' in stderr
          and stderr.rstrip().endswith(b"NameError: name 'foobar' is not defined"),
          "traceback in the stderr object", stderr)

    unsupported = calculate(athena, session_id, "spark.read.parquet('s3://x/')", "FAILED")
    stderr = read_s3_uri(s3, unsupported["Result"]["StdErrorS3Uri"])
    check(b"glaux-local is not Apache Spark: 'spark.read' is not supported." in stderr,
          "unsupported call explained", stderr)

    executors = athena.list_executors(SessionId=session_id)
    types = sorted(e["ExecutorType"] for e in executors["ExecutorsSummary"])
    check("COORDINATOR" in types and "WORKER" in types, "ListExecutors types", executors)
    for executor in executors["ExecutorsSummary"]:
        check(executor["ExecutorSize"] == 1 and executor["StartDateTime"] > 0,
              "executor size and start", executor)
    status = athena.get_session_status(SessionId=session_id)
    session = athena.get_session(SessionId=session_id)
    check(session["Statistics"]["DpuExecutionInMillis"] > 0, "session DPU ms", session, status)
    athena.terminate_session(SessionId=session_id)


def case_stop_and_busy():
    athena = client("athena")
    name = unique("wg-stop")
    create_workgroup(athena, name)
    session_id = start_session(athena, name)

    started = athena.start_calculation_execution(SessionId=session_id,
                                                 CodeBlock="import time\ntime.sleep(60)")
    calculation_id = started["CalculationExecutionId"]
    wait_session(athena, session_id, ("BUSY",))
    expect_client_error("InvalidRequestException", athena.start_calculation_execution,
                        SessionId=session_id, CodeBlock="print(1)", message=BUSY_MESSAGE)

    begin = time.monotonic()
    stopped = athena.stop_calculation_execution(CalculationExecutionId=calculation_id)
    check(stopped["State"] in ("CANCELING", "CANCELED"), "StopCalculationExecution state",
          stopped)
    result = wait_calculation(athena, calculation_id, timeout=10)
    check(result["Status"]["State"] == "CANCELED", "calculation canceled", result)
    check(time.monotonic() - begin < 3.0, "canceled quickly", time.monotonic() - begin)

    # Stopping a finished calculation is accepted and changes nothing.
    again = athena.stop_calculation_execution(CalculationExecutionId=calculation_id)
    check(again["State"] == "CANCELED", "second stop", again)
    calculate(athena, session_id, "print('still alive')")
    athena.terminate_session(SessionId=session_id)


def case_terminate():
    athena = client("athena")
    name = unique("wg-term")
    create_workgroup(athena, name)
    session_id = start_session(athena, name)

    response = athena.terminate_session(SessionId=session_id)
    check(response["State"] in ("TERMINATING", "TERMINATED"), "TerminateSession state", response)
    status = wait_session(athena, session_id, ("TERMINATED",))
    check(status.get("EndDateTime"), "EndDateTime set", status)
    check(status.get("StateChangeReason") == "Session was terminated per request",
          "reason", status)
    again = athena.terminate_session(SessionId=session_id)
    check(again["State"] == "TERMINATED", "TerminateSession is idempotent", again)
    expect_client_error("InvalidRequestException", athena.start_calculation_execution,
                        SessionId=session_id, CodeBlock="print(1)",
                        message="Session is in the TERMINATED state; needs to be IDLE to "
                                "accept Calculations.")


def case_idle_timeout():
    athena = client("athena")
    name = unique("wg-idle")
    create_workgroup(athena, name)
    session_id = start_session(athena, name, idle_minutes=1)
    scale = float(os.environ["GLAUX_TIME_SCALE"])
    begin = time.monotonic()
    status = wait_session(athena, session_id, TERMINAL_SESSION, timeout=60.0 / scale + 20)
    elapsed = time.monotonic() - begin
    check(status["State"] == "TERMINATED", "idle session terminated", status)
    check(status.get("StateChangeReason") == "Session was terminated per request",
          "idle timeout reason", status)
    check(elapsed >= 60.0 / scale * 0.8, "not before the timeout", elapsed)


def case_pagination():
    athena = client("athena")
    name = unique("wg-page")
    create_workgroup(athena, name)
    ids = [start_session(athena, name) for _ in range(7)]

    seen, sizes, token = [], [], None
    while True:
        kwargs = {"WorkGroup": name, "MaxResults": 3}
        if token:
            kwargs["NextToken"] = token
        page = athena.list_sessions(**kwargs)
        sizes.append(len(page["Sessions"]))
        seen.extend(s["SessionId"] for s in page["Sessions"])
        token = page.get("NextToken")
        if not token:
            break
    check(sizes == [3, 3, 1], "page sizes", sizes)
    check(seen == list(reversed(ids)), "all sessions once, newest first", seen, ids)
    check(not athena.can_paginate("list_sessions")
          or len([s for p in athena.get_paginator("list_sessions").paginate(WorkGroup=name)
                  for s in p["Sessions"]]) == 7, "paginator")

    expect_client_error("InvalidRequestException", athena.list_sessions, WorkGroup=name,
                        MaxResults=101, message_part="MaxResults")
    try:
        athena.list_sessions(WorkGroup=name, MaxResults=0)
        raise CheckFailed("botocore accepted MaxResults=0")
    except ParamValidationError:
        pass
    expect_client_error("InvalidRequestException", athena.list_sessions, WorkGroup=name,
                        NextToken="not-a-token")
    for session_id in ids:
        athena.terminate_session(SessionId=session_id)


def case_errors():
    athena = client("athena")
    expect_client_error("InvalidSignatureException",
                        client("athena", secret="x" * 40).list_work_groups)
    expect_client_error("UnrecognizedClientException",
                        client("athena", access_key="AKIAUNKNOWNKEY000000").list_work_groups)
    expect_client_error("SignatureDoesNotMatch",
                        client("s3", secret="x" * 40).list_objects_v2, Bucket=RESULTS_BUCKET)
    expect_client_error("ResourceNotFoundException", athena.get_session_status,
                        SessionId="00000000-0000-0000-0000-000000000000",
                        message="Session 00000000-0000-0000-0000-000000000000 is not found.")
    expect_client_error("InvalidRequestException", athena.get_session_status,
                        SessionId="s" * 300, message_part="SessionId")
    expect_client_error("InvalidRequestException", athena.create_work_group, Name="w" * 200,
                        message_part="Name")
    expect_client_error("InvalidRequestException", athena.start_session, WorkGroup="primary",
                        EngineConfiguration={"MaxConcurrentDpus": 20},
                        SessionIdleTimeoutInMinutes=481,
                        message_part="SessionIdleTimeoutInMinutes")
    expect_client_error("InvalidRequestException", athena.get_work_group,
                        WorkGroup="no-such-group",
                        message="WorkGroup no-such-group is not found.")
    expect_client_error("NoSuchKey", client("s3").get_object, Bucket=RESULTS_BUCKET,
                        Key="nothing/here.csv")


def case_idempotency():
    athena = client("athena")
    name = unique("wg-token")
    create_workgroup(athena, name)
    token = str(uuid.uuid4())
    engine = {"MaxConcurrentDpus": 20}
    first = athena.start_session(WorkGroup=name, EngineConfiguration=engine,
                                 ClientRequestToken=token)
    second = athena.start_session(WorkGroup=name, EngineConfiguration=engine,
                                  ClientRequestToken=token)
    check(first["SessionId"] == second["SessionId"], "token replay returns the first session",
          first, second)
    athena.terminate_session(SessionId=first["SessionId"])


CASES = {name[len("case_"):].replace("_", "-"): func
         for name, func in globals().items() if name.startswith("case_")}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        print("usage: boto3_suite.py {%s}" % "|".join(sorted(CASES)), file=sys.stderr)
        return 2
    try:
        CASES[sys.argv[1]]()
    except CheckFailed as failure:
        print("check failed: %s" % failure, file=sys.stderr)
        return 1
    print("ok %s (boto3 %s, botocore %s)" % (sys.argv[1], boto3.__version__,
                                             botocore.__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
