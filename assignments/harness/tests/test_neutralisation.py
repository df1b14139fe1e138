"""Tests of what the harness does about import-time side effects and sandbox limits.

Run with: /usr/bin/python3 -m unittest discover -s assignments/harness/tests
"""

import os
import unittest

from test_harness import GOOD_MODULE, HarnessTestCase


class ImportSideEffectTest(HarnessTestCase):
    def test_argparse_at_import_sees_no_arguments(self):
        source = (
            "import argparse\n"
            "ARGS = argparse.ArgumentParser().parse_args()\n"
            "import sys\n"
            "ARGV = list(sys.argv)\n" + GOOD_MODULE
        )
        run = self.run_harness(source)
        self.assert_finished(run)
        self.assertTrue(run.result["import"]["ok"], run.result["import"].get("error"))

    def test_started_marker_logged(self):
        run = self.run_harness(GOOD_MODULE)
        self.assertIn("dmlg_harness: started, importing kmeans", run.stderr)

    def test_refused_connection_hints_no_network(self):
        # Loopback only, on a port nothing listens on; the sandbox has no other interface.
        source = "import socket\nsocket.create_connection(('127.0.0.1', 9), timeout=2)\n"
        run = self.run_harness(source + GOOD_MODULE)
        self.assert_finished(run)
        self.assertIn("has no network", run.result["import"]["error"]["message"])

    def test_cuda_error_hints_no_gpu(self):
        source = "raise AssertionError('Torch not compiled with CUDA enabled')\n"
        run = self.run_harness(source + GOOD_MODULE)
        self.assertIn("has no GPU", run.result["import"]["error"]["message"])

    def test_thread_limit_named(self):
        os.environ["DMLG_LIMIT_PIDS"] = "64"
        self.addCleanup(os.environ.pop, "DMLG_LIMIT_PIDS")
        source = "raise RuntimeError(\"can't start new thread\")\n"
        run = self.run_harness(source + GOOD_MODULE)
        self.assertIn("at most 64 processes and threads", run.result["import"]["error"]["message"])

    def test_forked_child_does_not_run_harness(self):
        source = (
            "import os, time\n"
            "if os.fork() == 0:\n"
            "    raise RuntimeError('child')\n"
            "time.sleep(0.5)\n" + GOOD_MODULE
        )
        run = self.run_harness(source)
        self.assert_finished(run)
        self.assertTrue(run.result["import"]["ok"], run.result["import"].get("error"))


class OutputFolderTest(HarnessTestCase):
    def test_link_at_output_name_replaced(self):
        target = os.path.join(self.root, "work", "victim.txt")
        with open(target, "w", encoding="utf-8") as handle:
            handle.write("keep")
        link = os.path.join(self.root, "out", "kmeans-toy.labels_.npy")
        os.symlink(target, link)
        run = self.run_harness(GOOD_MODULE)
        self.assert_finished(run)
        self.assertTrue(run.task()["ok"])
        with open(target, encoding="utf-8") as handle:
            self.assertEqual(handle.read(), "keep")

    def test_tampered_result_rewritten(self):
        source = GOOD_MODULE.replace(
            "        return self\n",
            "        open('" + "{out}" + "/result.json', 'w').write('{\"score\": 100}')\n"
            "        return self\n",
        )
        run = self.run_harness(source.replace("{out}", os.path.join(self.root, "out")))
        self.assert_finished(run)
        self.assertNotIn("score", run.result)


class NotebookLocationTest(HarnessTestCase):
    def test_error_named_by_cell(self):
        source = (
            "# dmlg: converted from notebook kmeans.ipynb\n"
            "# dmlg: cell 2\n"
            "import numpy as np\n"
            "# dmlg: cell 5\n"
            "x = 1\n"
            "raise ValueError('in cell five')\n"
        )
        run = self.run_harness(source)
        error = run.result["import"]["error"]
        self.assertEqual((error["file"], error["line"]), ("kmeans.ipynb cell 5", 2))


if __name__ == "__main__":
    unittest.main()
