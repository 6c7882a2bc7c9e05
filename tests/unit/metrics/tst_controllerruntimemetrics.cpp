// The controller-runtime metric families: names, labels, HELP texts and buckets as a v0.19 manager
// exposes them, and the hooks moving the right series.

#include "kube/ratelimiter.h"
#include "kube/workqueue.h"
#include "manualclock.h"
#include "metrics/controllerruntimemetrics.h"
#include "metrics/metricsregistry.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace locust::metrics;

namespace {

QByteArray family(const MetricsRegistry &registry, const QString &name)
{
    const auto found = registry.family(name);
    return found ? found->exposition() : QByteArray("<not registered>");
}

// The exposition of a workqueue histogram with every observation in the buckets from `from` on.
QByteArray workQueueHistogram(const QByteArray &name, const QByteArray &help, int count, int from,
                              const QByteArray &sum)
{
    const QList<QByteArray> bounds{"1e-08", "1e-07", "1e-06", "9.999999999999999e-06", "9.999999999999999e-05",
                                   "0.001", "0.01", "0.1", "1", "10", "+Inf"};
    QByteArray text = "# HELP " + name + ' ' + help + "\n# TYPE " + name + " histogram\n";
    const QByteArray labels = "controller=\"locusttest\",name=\"locusttest\"";
    for (qsizetype i = 0; i < bounds.size(); ++i)
        text += name + "_bucket{" + labels + ",le=\"" + bounds.at(i) + "\"} " + (i >= from ? QByteArray::number(count) : "0")
            + '\n';
    text += name + "_sum{" + labels + "} " + sum + '\n';
    text += name + "_count{" + labels + "} " + QByteArray::number(count) + '\n';
    return text;
}

} // namespace

class ControllerRuntimeMetricsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // What a controller-runtime manager shows before its controller has done anything.
    void exposesTheInitialSeries_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("exposition");
        QTest::newRow("reconcile_total")
            << u"controller_runtime_reconcile_total"_s
            << QByteArray("# HELP controller_runtime_reconcile_total Total number of reconciliations per controller\n"
                          "# TYPE controller_runtime_reconcile_total counter\n"
                          "controller_runtime_reconcile_total{controller=\"locusttest\",result=\"error\"} 0\n"
                          "controller_runtime_reconcile_total{controller=\"locusttest\",result=\"requeue\"} 0\n"
                          "controller_runtime_reconcile_total{controller=\"locusttest\",result=\"requeue_after\"} 0\n"
                          "controller_runtime_reconcile_total{controller=\"locusttest\",result=\"success\"} 0\n");
        QTest::newRow("reconcile_errors_total")
            << u"controller_runtime_reconcile_errors_total"_s
            << QByteArray("# HELP controller_runtime_reconcile_errors_total Total number of reconciliation errors per "
                          "controller\n"
                          "# TYPE controller_runtime_reconcile_errors_total counter\n"
                          "controller_runtime_reconcile_errors_total{controller=\"locusttest\"} 0\n");
        QTest::newRow("terminal_reconcile_errors_total")
            << u"controller_runtime_terminal_reconcile_errors_total"_s
            << QByteArray("# HELP controller_runtime_terminal_reconcile_errors_total Total number of terminal "
                          "reconciliation errors per controller\n"
                          "# TYPE controller_runtime_terminal_reconcile_errors_total counter\n"
                          "controller_runtime_terminal_reconcile_errors_total{controller=\"locusttest\"} 0\n");
        QTest::newRow("reconcile_panics_total")
            << u"controller_runtime_reconcile_panics_total"_s
            << QByteArray("# HELP controller_runtime_reconcile_panics_total Total number of reconciliation panics "
                          "per controller\n"
                          "# TYPE controller_runtime_reconcile_panics_total counter\n"
                          "controller_runtime_reconcile_panics_total{controller=\"locusttest\"} 0\n");
        QTest::newRow("max_concurrent_reconciles")
            << u"controller_runtime_max_concurrent_reconciles"_s
            << QByteArray("# HELP controller_runtime_max_concurrent_reconciles Maximum number of concurrent "
                          "reconciles per controller\n"
                          "# TYPE controller_runtime_max_concurrent_reconciles gauge\n"
                          "controller_runtime_max_concurrent_reconciles{controller=\"locusttest\"} 1\n");
        QTest::newRow("active_workers")
            << u"controller_runtime_active_workers"_s
            << QByteArray("# HELP controller_runtime_active_workers Number of currently used workers per controller\n"
                          "# TYPE controller_runtime_active_workers gauge\n"
                          "controller_runtime_active_workers{controller=\"locusttest\"} 0\n");
        // Observed from the first reconcile on, as in controller-runtime.
        QTest::newRow("reconcile_time_seconds") << u"controller_runtime_reconcile_time_seconds"_s << QByteArray();
        QTest::newRow("workqueue_depth")
            << u"workqueue_depth"_s
            << QByteArray("# HELP workqueue_depth Current depth of workqueue\n"
                          "# TYPE workqueue_depth gauge\n"
                          "workqueue_depth{controller=\"locusttest\",name=\"locusttest\"} 0\n");
        QTest::newRow("workqueue_adds_total")
            << u"workqueue_adds_total"_s
            << QByteArray("# HELP workqueue_adds_total Total number of adds handled by workqueue\n"
                          "# TYPE workqueue_adds_total counter\n"
                          "workqueue_adds_total{controller=\"locusttest\",name=\"locusttest\"} 0\n");
        QTest::newRow("workqueue_retries_total")
            << u"workqueue_retries_total"_s
            << QByteArray("# HELP workqueue_retries_total Total number of retries handled by workqueue\n"
                          "# TYPE workqueue_retries_total counter\n"
                          "workqueue_retries_total{controller=\"locusttest\",name=\"locusttest\"} 0\n");
        QTest::newRow("workqueue_queue_duration_seconds")
            << u"workqueue_queue_duration_seconds"_s
            << workQueueHistogram("workqueue_queue_duration_seconds",
                                  "How long in seconds an item stays in workqueue before being requested", 0, 0, "0");
        QTest::newRow("workqueue_work_duration_seconds")
            << u"workqueue_work_duration_seconds"_s
            << workQueueHistogram("workqueue_work_duration_seconds",
                                  "How long in seconds processing an item from workqueue takes.", 0, 0, "0");
        // Only once the daemon reports a leader election state.
        QTest::newRow("leader_election_master_status") << u"leader_election_master_status"_s << QByteArray();
    }

    void exposesTheInitialSeries()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, exposition);
        MetricsRegistry registry;
        const ControllerRuntimeMetrics metrics(registry);
        QCOMPARE(family(registry, name), exposition);
    }

    void registersTheProcessMetrics()
    {
        MetricsRegistry registry;
        const ControllerRuntimeMetrics metrics(registry);
        for (const QString &name :
             {u"process_cpu_seconds_total"_s, u"process_open_fds"_s, u"process_max_fds"_s,
              u"process_virtual_memory_bytes"_s, u"process_virtual_memory_max_bytes"_s,
              u"process_resident_memory_bytes"_s, u"process_start_time_seconds"_s}) {
            QVERIFY2(registry.family(name), qPrintable(name));
            // This test runs on Linux with /proc: every one has a value.
            QVERIFY2(registry.exposition().contains("\n" + name.toUtf8() + ' '), qPrintable(name));
        }
    }

    void reconciledMovesTheReconcileSeries_data()
    {
        QTest::addColumn<QStringList>("results");
        QTest::addColumn<QList<double>>("total");  // error, requeue, requeue_after, success
        QTest::addColumn<double>("errors");
        QTest::addColumn<quint64>("timed");
        QTest::newRow("success") << QStringList{u"success"_s} << QList<double>{0, 0, 0, 1} << 0.0 << quint64(1);
        QTest::newRow("error") << QStringList{u"error"_s} << QList<double>{1, 0, 0, 0} << 1.0 << quint64(1);
        QTest::newRow("requeue") << QStringList{u"requeue"_s} << QList<double>{0, 1, 0, 0} << 0.0 << quint64(1);
        QTest::newRow("requeue_after") << QStringList{u"requeue_after"_s} << QList<double>{0, 0, 1, 0} << 0.0
                                       << quint64(1);
        QTest::newRow("mixed") << QStringList{u"error"_s, u"success"_s, u"error"_s, u"requeue_after"_s}
                               << QList<double>{2, 0, 1, 1} << 2.0 << quint64(4);
        // An unknown result creates no series of its own; its time still counts.
        QTest::newRow("unknown result") << QStringList{u"bogus"_s} << QList<double>{0, 0, 0, 0} << 0.0 << quint64(1);
    }

    void reconciledMovesTheReconcileSeries()
    {
        QFETCH(QStringList, results);
        QFETCH(QList<double>, total);
        QFETCH(double, errors);
        QFETCH(quint64, timed);
        MetricsRegistry registry;
        const ControllerRuntimeMetrics metrics(registry);
        const auto hooks = metrics.hooks();
        for (const QString &result : results)
            hooks.reconciled(result, 0.3);

        const auto reconcileTotal = registry.family(u"controller_runtime_reconcile_total"_s);
        const QStringList names{u"error"_s, u"requeue"_s, u"requeue_after"_s, u"success"_s};
        for (qsizetype i = 0; i < names.size(); ++i)
            QCOMPARE(reconcileTotal->value({u"locusttest"_s, names.at(i)}), total.at(i));
        QVERIFY(!reconcileTotal->value({u"locusttest"_s, u"bogus"_s}));
        QCOMPARE(registry.family(u"controller_runtime_reconcile_errors_total"_s)->value({u"locusttest"_s}), errors);
        QCOMPARE(registry.family(u"controller_runtime_terminal_reconcile_errors_total"_s)->value({u"locusttest"_s}), 0.0);
        const auto time = registry.family(u"controller_runtime_reconcile_time_seconds"_s)->histogram({u"locusttest"_s});
        QVERIFY(time);
        QCOMPARE(time->count, timed);
        QCOMPARE(time->sum, 0.3 * double(timed));
    }

    // The reconcile time histogram with controller-runtime's 40 buckets.
    void reconcileTimeHistogram()
    {
        MetricsRegistry registry;
        const ControllerRuntimeMetrics metrics(registry);
        metrics.hooks().reconciled(u"success"_s, 0.3);
        metrics.hooks().reconciled(u"error"_s, 12);
        const QList<QByteArray> bounds{"0.005", "0.01", "0.025", "0.05", "0.1", "0.15", "0.2", "0.25", "0.3", "0.35",
                                       "0.4",   "0.45", "0.5",   "0.6",  "0.7", "0.8",  "0.9", "1",    "1.25", "1.5",
                                       "1.75",  "2",    "2.5",   "3",    "3.5", "4",    "4.5", "5",    "6",    "7",
                                       "8",     "9",    "10",    "15",   "20",  "25",   "30",  "40",   "50",   "60",
                                       "+Inf"};
        QByteArray expected = "# HELP controller_runtime_reconcile_time_seconds Length of time per reconciliation per "
                              "controller\n# TYPE controller_runtime_reconcile_time_seconds histogram\n";
        for (qsizetype i = 0; i < bounds.size(); ++i) {
            const int count = (i >= 8 ? 1 : 0) + (i >= 33 ? 1 : 0); // 0.3 <= le 0.3; 12 <= le 15
            expected += "controller_runtime_reconcile_time_seconds_bucket{controller=\"locusttest\",le=\"" + bounds.at(i)
                + "\"} " + QByteArray::number(count) + '\n';
        }
        expected += "controller_runtime_reconcile_time_seconds_sum{controller=\"locusttest\"} 12.3\n"
                    "controller_runtime_reconcile_time_seconds_count{controller=\"locusttest\"} 2\n";
        QCOMPARE(family(registry, u"controller_runtime_reconcile_time_seconds"_s), expected);
        QCOMPARE(ControllerRuntimeMetrics::reconcileTimeBuckets().size(), 40);
    }

    void queueHooksMoveTheWorkQueueSeries()
    {
        MetricsRegistry registry;
        const ControllerRuntimeMetrics metrics(registry);
        const auto hooks = metrics.hooks();
        hooks.queue.added();
        hooks.queue.added();
        hooks.queue.depthChanged(3);
        hooks.queue.retried();
        hooks.queue.queueLatency(0.002);
        hooks.queue.workDuration(5e-8);
        hooks.queue.workDuration(5e-8);
        const QStringList queue{u"locusttest"_s, u"locusttest"_s};
        QCOMPARE(registry.family(u"workqueue_adds_total"_s)->value(queue), 2.0);
        QCOMPARE(registry.family(u"workqueue_depth"_s)->value(queue), 3.0);
        QCOMPARE(registry.family(u"workqueue_retries_total"_s)->value(queue), 1.0);
        QCOMPARE(family(registry, u"workqueue_queue_duration_seconds"_s),
                 workQueueHistogram("workqueue_queue_duration_seconds",
                                    "How long in seconds an item stays in workqueue before being requested", 1, 6,
                                    "0.002"));
        QCOMPARE(family(registry, u"workqueue_work_duration_seconds"_s),
                 workQueueHistogram("workqueue_work_duration_seconds",
                                    "How long in seconds processing an item from workqueue takes.", 2, 1, "1e-07"));
        hooks.queue.depthChanged(0);
        QCOMPARE(registry.family(u"workqueue_depth"_s)->value(queue), 0.0);
    }

    // The hooks plugged into the real work queue: an add, a get and a done move the series.
    void hooksOnARealWorkQueue()
    {
        MetricsRegistry registry;
        const ControllerRuntimeMetrics metrics(registry);
        locust::testsupport::ManualClock clock;
        locust::kube::WorkQueue queue(std::make_unique<locust::kube::ExponentialFailureRateLimiter>(5, 1000), &clock);
        queue.setMetrics(metrics.hooks().queue);
        const QStringList labels{u"locusttest"_s, u"locusttest"_s};
        queue.add(u"ns/a"_s);
        queue.add(u"ns/b"_s);
        queue.add(u"ns/a"_s); // de-duplicated: not an add
        QCOMPARE(registry.family(u"workqueue_adds_total"_s)->value(labels), 2.0);
        QCOMPARE(registry.family(u"workqueue_depth"_s)->value(labels), 2.0);
        clock.advance(250);
        const std::optional<QString> key = queue.tryGet();
        QCOMPARE(key, u"ns/a"_s);
        QCOMPARE(registry.family(u"workqueue_depth"_s)->value(labels), 1.0);
        const auto waited = registry.family(u"workqueue_queue_duration_seconds"_s)->histogram(labels);
        QCOMPARE(waited->count, quint64(1));
        QCOMPARE(waited->sum, 0.25);
        clock.advance(40);
        queue.addRateLimited(*key);
        queue.done(*key);
        QCOMPARE(registry.family(u"workqueue_retries_total"_s)->value(labels), 1.0);
        const auto worked = registry.family(u"workqueue_work_duration_seconds"_s)->histogram(labels);
        QCOMPARE(worked->count, quint64(1));
        QCOMPARE(worked->sum, 0.04);
    }

    void activeWorkersAndLeaderElection_data()
    {
        QTest::addColumn<int>("workers");
        QTest::addColumn<bool>("leading");
        QTest::addColumn<QByteArray>("workersLine");
        QTest::addColumn<QByteArray>("leaderLine");
        QTest::newRow("working leader") << 1 << true
                                        << QByteArray("controller_runtime_active_workers{controller=\"locusttest\"} 1\n")
                                        << QByteArray("leader_election_master_status{name=\"locust-k8s-operator.locust.io\"} 1\n");
        QTest::newRow("idle standby") << 0 << false
                                      << QByteArray("controller_runtime_active_workers{controller=\"locusttest\"} 0\n")
                                      << QByteArray("leader_election_master_status{name=\"locust-k8s-operator.locust.io\"} 0\n");
    }

    void activeWorkersAndLeaderElection()
    {
        QFETCH(int, workers);
        QFETCH(bool, leading);
        QFETCH(QByteArray, workersLine);
        QFETCH(QByteArray, leaderLine);
        MetricsRegistry registry;
        ControllerRuntimeMetrics metrics(registry);
        metrics.setActiveWorkers(7);
        metrics.setActiveWorkers(workers);
        metrics.setLeaderElectionMasterStatus(!leading);
        metrics.setLeaderElectionMasterStatus(leading);
        QVERIFY(family(registry, u"controller_runtime_active_workers"_s).endsWith("gauge\n" + workersLine));
        QCOMPARE(family(registry, u"leader_election_master_status"_s),
                 "# HELP leader_election_master_status Gauge of if the reporting system is master of the relevant "
                 "lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease. "
                 "Please make sure to group by name.\n# TYPE leader_election_master_status gauge\n"
                     + leaderLine);
    }

    void anotherControllerAndLease()
    {
        MetricsRegistry registry;
        ControllerRuntimeMetrics metrics(registry, u"other"_s, u"other-lease"_s);
        metrics.setLeaderElectionMasterStatus(true);
        QVERIFY(registry.exposition().contains("workqueue_depth{controller=\"other\",name=\"other\"} 0\n"));
        QVERIFY(registry.exposition().contains("leader_election_master_status{name=\"other-lease\"} 1\n"));
        QVERIFY(!registry.exposition().contains("locusttest"));
    }

    // A second controller in the same registry shares the families (no warning), with series of its own.
    void twoControllersShareTheFamilies()
    {
        QTest::failOnWarning(QRegularExpression(u".*"_s));
        MetricsRegistry registry;
        const ControllerRuntimeMetrics first(registry);
        const ControllerRuntimeMetrics second(registry, u"other"_s);
        second.hooks().reconciled(u"error"_s, 1);
        const auto total = registry.family(u"controller_runtime_reconcile_total"_s);
        QCOMPARE(total->value({u"other"_s, u"error"_s}), 1.0);
        QCOMPARE(total->value({u"locusttest"_s, u"error"_s}), 0.0);
        QCOMPARE(registry.exposition().count("# TYPE process_open_fds gauge\n"), 1);
    }

    // The controller may outlive the metrics objects during shutdown: the hooks stay safe.
    void hooksOutliveTheRegistry()
    {
        locust::controller::ControllerMetrics hooks;
        {
            MetricsRegistry registry;
            const ControllerRuntimeMetrics metrics(registry);
            hooks = metrics.hooks();
        }
        hooks.reconciled(u"success"_s, 1);
        hooks.queue.added();
        hooks.queue.depthChanged(1);
        hooks.queue.workDuration(1);
    }
};

QTEST_GUILESS_MAIN(ControllerRuntimeMetricsTest)
#include "tst_controllerruntimemetrics.moc"
