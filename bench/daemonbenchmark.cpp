// Figures for the daemon, against the Kubernetes API server KUBECONFIG names (bench/run.sh starts a
// local control plane for it). Prints, does not judge:
//   1. reconcile cost, in-process: for each new LocustTest, the time from its creation until its
//      Service, Jobs and first status are written, and how many API requests that took;
//   2. the steady state: API requests made while nothing changes (should be none: watches only);
//   3. the locust-operator process's resident memory when idle, with no tests and with many.

#include "controller/locusttestcontroller.h"
#include "kube/inclusterconfig.h"
#include "kube/kubeclient.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QTimer>
#include <QUuid>

#include <QCoroSignal>
#include <QCoroTask>
#include <QCoroTimer>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace locust;

namespace {

const kube::ResourceType locustTests{u"locust.io"_s, u"v2"_s, u"locusttests"_s, u"LocustTest"_s, true};

QJsonObject locustTest(const QString &namespaceName, const QString &name)
{
    return QJsonObject{
        {u"apiVersion"_s, u"locust.io/v2"_s},
        {u"kind"_s, u"LocustTest"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, namespaceName}}},
        {u"spec"_s, QJsonObject{{u"image"_s, u"locustio/locust:2.12.0"_s},
                                {u"master"_s, QJsonObject{{u"command"_s, u"--locustfile /lotest/src/demo.py"_s}}},
                                {u"worker"_s, QJsonObject{{u"command"_s, u"--locustfile /lotest/src/demo.py"_s},
                                                         {u"replicas"_s, 2}}}}},
    };
}

void print(const QString &line)
{
    std::printf("%s\n", line.toUtf8().constData());
    std::fflush(stdout);
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = std::min(values.size() - 1, qsizetype(p * double(values.size() - 1) + 0.5));
    return values.at(index);
}

// VmRSS, RssAnon and RssFile of /proc/<pid>/status, in KiB (-1 when unreadable). RssFile is the
// touched pages of mapped files, mostly shared libraries: clean, shared with other processes and
// reclaimable; RssAnon is the process's own memory.
struct Resident
{
    qint64 total = -1;
    qint64 anonymous = -1;
    qint64 file = -1;
};

Resident residentKiB(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    Resident resident;
    if (!status.open(QIODevice::ReadOnly))
        return resident;
    const auto kib = [](const QByteArray &line) { return line.mid(line.indexOf(':') + 1).trimmed().split(' ').value(0).toLongLong(); };
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            resident.total = kib(line);
        else if (line.startsWith("RssAnon:"))
            resident.anonymous = kib(line);
        else if (line.startsWith("RssFile:"))
            resident.file = kib(line);
    }
    return resident;
}

QCoro::Task<void> sleep(int ms)
{
    QTimer timer;
    timer.setSingleShot(true);
    timer.start(ms);
    co_await timer;
}

QCoro::Task<bool> createNamespace(kube::KubeClient &client, const QString &name)
{
    const QJsonObject ns{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                         {u"metadata"_s, QJsonObject{{u"name"_s, name}}}};
    co_return bool(co_await client.create(kube::ResourceType::namespaces(), ns));
}

// 1 and 2: the controller in this process, so its client's request counter is visible.
QCoro::Task<int> reconcileBenchmark(kube::KubeClient &client, const QString &ns, int tests)
{
    controller::LocustTestController controller(&client, config::OperatorConfig{}, ns);
    if (!co_await controller.start(std::chrono::seconds(30))) {
        print(u"error: the controller's caches did not sync"_s);
        co_return 1;
    }
    QHash<QString, bool> done;
    QObject::connect(&controller, &controller::LocustTestController::reconciled, &controller,
                     [&](const QString &key, const controller::ReconcileResult &result) {
                         if (!result.error)
                             done[key] = true;
                     });

    QList<double> latenciesMs;
    QList<double> requestsPerTest;
    for (int i = 0; i < tests; ++i) {
        const QString name = u"bench-%1"_s.arg(i);
        const QString key = ns + u'/' + name;
        const qint64 before = client.requestCount();
        QElapsedTimer timer;
        timer.start();
        if (!co_await client.create(locustTests, locustTest(ns, name))) {
            print(u"error: cannot create LocustTest "_s + name);
            co_return 1;
        }
        // Done when a reconcile of this test has succeeded and the test's status was written,
        // i.e. the Service and both Jobs exist; then the queue is drained of the follow-up events.
        QDeadlineTimer deadline(30'000);
        while (!done.value(key) && !deadline.hasExpired())
            co_await sleep(2);
        latenciesMs << double(timer.nsecsElapsed()) / 1e6;
        co_await sleep(500); // the follow-up reconciles caused by the objects' own watch events
        requestsPerTest << double(client.requestCount() - before - 1); // minus the benchmark's create
    }

    const qint64 idleBefore = client.requestCount();
    co_await sleep(10'000);
    const qint64 idleRequests = client.requestCount() - idleBefore;
    co_await controller.stop();

    double sum = 0;
    for (double value : std::as_const(latenciesMs))
        sum += value;
    print(u"reconcile: %1 LocustTests, create -> Service, Jobs and status written"_s.arg(tests));
    print(u"  latency ms: mean %1, p50 %2, p95 %3, max %4"_s.arg(sum / double(tests), 0, 'f', 1)
              .arg(percentile(latenciesMs, 0.5), 0, 'f', 1)
              .arg(percentile(latenciesMs, 0.95), 0, 'f', 1)
              .arg(percentile(latenciesMs, 1.0), 0, 'f', 1));
    print(u"  API requests per new test (operator only, incl. events and follow-up reconciles): min %1, p50 %2, max %3"_s
              .arg(percentile(requestsPerTest, 0))
              .arg(percentile(requestsPerTest, 0.5))
              .arg(percentile(requestsPerTest, 1.0)));
    print(u"  reconciles run: %1"_s.arg(controller.reconcileCount()));
    print(u"steady state: %1 API requests in 10 s with nothing changing"_s.arg(idleRequests));
    co_return 0;
}

// 3: the real executable, as deployed (no webhooks, no metrics listener).
QCoro::Task<int> memoryBenchmark(kube::KubeClient &client, const QString &program, const QString &kubeconfig,
                                 const QString &ns, int tests)
{
    const QString emptyNamespace = ns + u"-empty"_s;
    if (!co_await createNamespace(client, emptyNamespace))
        co_return 1;
    for (const auto &[watched, label] : {std::pair{emptyNamespace, u"no LocustTests"_s},
                                         std::pair{ns, u"%1 LocustTests and their Jobs, Services, Pods"_s.arg(tests)}}) {
        QProcess daemon;
        daemon.setProgram(program);
        daemon.setArguments({u"--kubeconfig="_s + kubeconfig, u"--watch-namespace="_s + watched,
                             u"--health-probe-bind-address=0"_s, u"--log-format=json"_s});
        daemon.setStandardOutputFile(QProcess::nullDevice());
        daemon.setStandardErrorFile(QProcess::nullDevice());
        daemon.start();
        if (!daemon.waitForStarted()) {
            print(u"error: cannot start "_s + program);
            co_return 1;
        }
        co_await sleep(8'000); // caches synced, start-up reconciles done
        const Resident rss = residentKiB(daemon.processId());
        daemon.terminate();
        daemon.waitForFinished(35'000);
        print(u"daemon resident memory, idle, watching %1: %2 MB (own memory %3 MB, shared library pages %4 MB)"_s
                  .arg(label)
                  .arg(double(rss.total) / 1024.0, 0, 'f', 1)
                  .arg(double(rss.anonymous) / 1024.0, 0, 'f', 1)
                  .arg(double(rss.file) / 1024.0, 0, 'f', 1));
    }
    (void)co_await client.remove(kube::ResourceType::namespaces(), {QString(), emptyNamespace});
    co_return 0;
}

QCoro::Task<int> run(QString program, int tests)
{
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const Result<kube::ClientConfig> config = kube::defaultClientConfig(environment);
    if (!config) {
        print(u"error: "_s + config.errorMessage());
        co_return 2;
    }
    kube::KubeClient client(*config);
    const QString ns = u"bench-"_s + QUuid::createUuid().toString(QUuid::Id128).left(8);
    if (!co_await createNamespace(client, ns)) {
        print(u"error: cannot create namespace "_s + ns + u" (is the LocustTest CRD installed?)"_s);
        co_return 1;
    }
    int status = co_await reconcileBenchmark(client, ns, tests);
    if (status == 0 && !program.isEmpty())
        status = co_await memoryBenchmark(client, program, environment.value(u"KUBECONFIG"_s), ns, tests);
    (void)co_await client.remove(kube::ResourceType::namespaces(), {QString(), ns});
    co_return status;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(u"locust.*=false"_s); // the controller's log would bury the figures
    const QStringList arguments = app.arguments();
    // daemonbenchmark [LOCUST_OPERATOR_PROGRAM] [TESTS]
    const QString program = arguments.value(1);
    const int tests = std::max(1, arguments.value(2, u"20"_s).toInt());
    int status = 0;
    QTimer::singleShot(0, &app, [&] {
        [](QString p, int n, int *out) -> QCoro::Task<void> {
            *out = co_await run(p, n);
            QCoreApplication::quit();
        }(program, tests, &status);
    });
    app.exec();
    return status;
}
