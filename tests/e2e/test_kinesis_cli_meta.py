"""The aws cli against the Kinesis API: tags and enhanced fan-out consumers."""

import unittest

from kinesis_cli import CliTestCase


class CliTest(CliTestCase):
    def test_tags(self):
        self.aws("create-stream", "--stream-name", "tg", "--shard-count", "1")
        self.aws("add-tags-to-stream", "--stream-name", "tg", "--tags", "team=ml,env=dev")
        tags = self.aws("list-tags-for-stream", "--stream-name", "tg")["Tags"]
        self.assertEqual(tags, [{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "ml"}])
        self.aws("remove-tags-from-stream", "--stream-name", "tg", "--tag-keys", "env")
        tags = self.aws("list-tags-for-stream", "--stream-name", "tg")["Tags"]
        self.assertEqual(tags, [{"Key": "team", "Value": "ml"}])

    def test_consumers(self):
        self.aws("create-stream", "--stream-name", "cs", "--shard-count", "1")
        arn = "arn:aws:kinesis:us-east-1:000000000000:stream/cs"
        c = self.aws("register-stream-consumer", "--stream-arn", arn, "--consumer-name", "app1")
        carn = c["Consumer"]["ConsumerARN"]
        self.assertTrue(carn.startswith(arn + "/consumer/app1:"))
        err = self.aws("register-stream-consumer", "--stream-arn", arn, "--consumer-name", "app1",
                       ok=False)
        self.assertIn("ResourceInUseException", err)
        d = self.aws("describe-stream-consumer", "--consumer-arn", carn)["ConsumerDescription"]
        self.assertEqual((d["ConsumerName"], d["ConsumerStatus"], d["StreamARN"]),
                         ("app1", "ACTIVE", arn))
        self.aws("register-stream-consumer", "--stream-arn", arn, "--consumer-name", "app2")
        names = [x["ConsumerName"] for x in
                 self.aws("list-stream-consumers", "--stream-arn", arn)["Consumers"]]
        self.assertEqual(names, ["app1", "app2"])
        err = self.aws("delete-stream", "--stream-name", "cs", ok=False)
        self.assertIn("ResourceInUseException", err)
        self.aws("deregister-stream-consumer", "--consumer-arn", carn)
        self.aws("deregister-stream-consumer", "--stream-arn", arn, "--consumer-name", "app2")
        self.assertEqual(self.aws("list-stream-consumers", "--stream-arn", arn)["Consumers"], [])
        err = self.aws("describe-stream-consumer", "--consumer-arn", carn, ok=False)
        self.assertIn("ResourceNotFoundException", err)


if __name__ == "__main__":
    unittest.main()
