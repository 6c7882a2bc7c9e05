#include "manager/operatordaemon.h"

#include "config/operatorconfigloader.h"
#include "controller/locusttestcontroller.h"
#include "httpserver/certificatefilewaiter.h"
#include "httpserver/certificatereloader.h"
#include "httpserver/httpserver.h"
#include "kube/inclusterconfig.h"
#include "kube/kubeclient.h"
#include "kube/leaderelector.h"
#include "manager/webhookendpoints.h"
#include "metrics/controllerruntimemetrics.h"
#include "metrics/metricsauthorizer.h"
#include "metrics/metricsregistry.h"
#include "metrics/metricsroute.h"
#include "metrics/selfsignedcertificate.h"
#include "options/bindaddress.h"
#include "options/daemonoptionsparser.h"
#include "support/goduration.h"
#include "support/logfields.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSysInfo>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;
using namespace locust::httpserver;

namespace locust::manager {

namespace {

Q_LOGGING_CATEGORY(lcSetup, "locust.setup")

constexpr int exitFailure = 1;
constexpr auto leaseName = "locust-k8s-operator.locust.io";
// How long the caches may take to fill before the controller gives up (controller-runtime's
// CacheSyncTimeout default).
constexpr std::chrono::minutes cacheSyncTimeout(2);
constexpr qint64 webhookProbeIntervalMs = 2'000;
constexpr qint64 webhookProbeTimeoutMs = 1'000;

void logInfo(const QString &message, const QJsonObject &fields = {})
{
    qCInfo(lcSetup).noquote() << withLogFields(message, fields);
}

void logWarning(const QString &message, const QJsonObject &fields = {})
{
    qCWarning(lcSetup).noquote() << withLogFields(message, fields);
}

void logError(const QString &message, const QJsonObject &fields = {})
{
    qCCritical(lcSetup).noquote() << withLogFields(message, fields);
}

QString goDuration(std::chrono::milliseconds duration)
{
    return formatGoDuration(duration);
}

} // namespace

OperatorDaemon::OperatorDaemon(options::DaemonOptions options, QProcessEnvironment environment, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_environment(std::move(environment))
{
}

OperatorDaemon::~OperatorDaemon() = default;

void OperatorDaemon::requestStop()
{
    if (m_stopRequested)
        return;
    m_stopRequested = true;
    m_wake.wakeAll();
}

void OperatorDaemon::fail(const QString &message, const QJsonObject &fields)
{
    if (m_failureExitCode)
        return;
    logError(message, fields);
    m_failureExitCode = exitFailure;
    m_wake.wakeAll();
}

QCoro::Task<std::optional<int>> OperatorDaemon::waitForWebhookCertificate()
{
    const QString certificate = QDir(m_options.webhookCertPath).filePath(m_options.webhookCertName);
    const QString key = QDir(m_options.webhookCertPath).filePath(m_options.webhookCertKey);
    CertificateFileWaiter waiter(certificate, key, m_options.webhookCertWaitTimeout.count());
    std::optional<QString> failure;
    bool ready = false;
    connect(&waiter, &CertificateFileWaiter::waiting, this, [](const QString &cert, const QString &keyPath, qint64 timeoutMs) {
        logInfo(u"Waiting for webhook certificate files"_s,
                {{u"cert"_s, cert}, {u"key"_s, keyPath},
                 {u"timeout"_s, goDuration(std::chrono::milliseconds(timeoutMs))}});
    });
    connect(&waiter, &CertificateFileWaiter::stillWaiting, this, [](qint64 elapsedMs, qint64 timeoutMs) {
        logInfo(u"Webhook certificate files not ready, polling"_s,
                {{u"elapsed"_s, goDuration(std::chrono::milliseconds(elapsedMs))},
                 {u"timeout"_s, goDuration(std::chrono::milliseconds(timeoutMs))}});
    });
    connect(&waiter, &CertificateFileWaiter::ready, this, [&] {
        ready = true;
        m_wake.wakeAll();
    });
    connect(&waiter, &CertificateFileWaiter::failed, this, [&](const QString &message) {
        failure = message;
        m_wake.wakeAll();
    });
    waiter.start();
    while (!ready && !failure && !m_stopRequested)
        co_await m_wake.wait();
    waiter.cancel();
    if (failure) {
        logError(u"unable to setup webhook server"_s, {{u"error"_s, *failure}});
        co_return exitFailure;
    }
    if (m_stopRequested)
        co_return 0;
    co_return std::nullopt;
}

std::optional<int> OperatorDaemon::prepareWebhookServer(const QSslConfiguration &ssl)
{
    m_webhookEndpoints = std::make_unique<WebhookEndpoints>(webhook::AdmissionReviewHandler(m_config));
    m_webhookServer = new HttpServer({}, this);
    m_webhookServer->setSslConfiguration(ssl);
    m_webhookEndpoints->registerRoutes(*m_webhookServer);
    connect(m_webhookServer, &HttpServer::tlsHandshakeFailed, this, [](const QHostAddress &peer, const QString &error) {
        qCDebug(lcSetup).noquote() << withLogFields(u"TLS handshake failed on the webhook listener"_s,
                                                    {{u"peer"_s, peer.toString()}, {u"error"_s, error}});
    });
    connect(m_webhookCertificates, &CertificateReloader::reloaded, this, [this](const QSslConfiguration &updated) {
        m_webhookServer->setSslConfiguration(updated);
        logInfo(u"Updated current TLS certificate"_s, {{u"cert"_s, m_webhookCertificates->certificatePath()}});
    });
    connect(m_webhookCertificates, &CertificateReloader::reloadFailed, this,
            [](const QString &message) { logError(message, {{u"listener"_s, u"webhook"_s}}); });
    const Result<quint16> port = m_webhookServer->listen(QHostAddress::Any, quint16(m_options.webhookPort));
    if (!port) {
        logError(u"unable to setup webhook server"_s, {{u"error"_s, port.errorMessage()}});
        return exitFailure;
    }
    logInfo(u"Serving webhook server"_s, {{u"port"_s, int(*port)},
                                          {u"paths"_s, QJsonArray{QString::fromLatin1(WebhookEndpoints::validatePath),
                                                                  QString::fromLatin1(WebhookEndpoints::convertPath)}}});
    return std::nullopt;
}

std::optional<int> OperatorDaemon::prepareMetricsServer()
{
    m_metricsRegistry = std::make_unique<metrics::MetricsRegistry>();
    m_controllerMetrics = std::make_unique<metrics::ControllerRuntimeMetrics>(*m_metricsRegistry);
    if (m_options.metricsBindAddress == u"0")
        return std::nullopt;
    m_metricsServer = new HttpServer({}, this);
    if (!m_options.metricsSecure)
        return std::nullopt;

    // controller-runtime's order: --metrics-cert-path (watched), the well-known directory if both
    // files are there (watched), an in-memory self-signed certificate.
    QString directory = m_options.metricsCertPath;
    QString certName = m_options.metricsCertName;
    QString keyName = m_options.metricsCertKey;
    if (directory.isEmpty()) {
        const QDir wellKnown(QDir::tempPath() + u"/k8s-metrics-server/serving-certs"_s);
        if (QFile::exists(wellKnown.filePath(u"tls.crt"_s)) && QFile::exists(wellKnown.filePath(u"tls.key"_s))) {
            directory = wellKnown.path();
            certName = u"tls.crt"_s;
            keyName = u"tls.key"_s;
        }
    }
    if (directory.isEmpty()) {
        const Result<CertificatePair> generated = metrics::SelfSignedCertificate::generate();
        if (!generated) {
            logError(u"unable to create the metrics server's self-signed certificate"_s,
                     {{u"error"_s, generated.errorMessage()}});
            return exitFailure;
        }
        m_metricsServer->setSslConfiguration(generated->serverConfiguration());
        logInfo(u"Serving metrics with a self-signed certificate; set --metrics-cert-path to use your own"_s);
        return std::nullopt;
    }
    m_metricsCertificates = new CertificateReloader(directory, certName, keyName, this);
    const Result<QSslConfiguration> ssl = m_metricsCertificates->start();
    if (!ssl) {
        logError(u"unable to initialize metrics certificate watcher"_s, {{u"error"_s, ssl.errorMessage()}});
        return exitFailure;
    }
    m_metricsServer->setSslConfiguration(*ssl);
    connect(m_metricsCertificates, &CertificateReloader::reloaded, this, [this](const QSslConfiguration &updated) {
        m_metricsServer->setSslConfiguration(updated);
        logInfo(u"Updated current TLS certificate"_s, {{u"cert"_s, m_metricsCertificates->certificatePath()}});
    });
    connect(m_metricsCertificates, &CertificateReloader::reloadFailed, this,
            [](const QString &message) { logError(message, {{u"listener"_s, u"metrics"_s}}); });
    return std::nullopt;
}

std::optional<int> OperatorDaemon::createClient()
{
    const Result<kube::ClientConfig> clientConfig = kube::defaultClientConfig(m_environment, m_options.kubeconfig);
    if (!clientConfig) {
        logError(u"unable to get kubeconfig"_s, {{u"error"_s, clientConfig.errorMessage()}});
        return exitFailure;
    }
    kube::ClientConfig config = *clientConfig;
    config.userAgent = u"locust-operator/"_s + QCoreApplication::applicationVersion();
    m_client = new kube::KubeClient(config, kube::Clock::system(), this);
    return std::nullopt;
}

std::optional<int> OperatorDaemon::resolveLeaderElectionNamespace()
{
    if (!m_options.leaderElect)
        return std::nullopt;
    m_leaseNamespace = m_options.leaderElectionNamespace;
    if (m_leaseNamespace.isEmpty()) {
        QFile file(QString::fromLatin1(kube::InClusterConfig::defaultServiceAccountDirectory) + u"/namespace"_s);
        if (file.open(QIODevice::ReadOnly))
            m_leaseNamespace = QString::fromUtf8(file.readAll()).trimmed();
    }
    if (m_leaseNamespace.isEmpty()) {
        logError(u"unable to start manager"_s,
                 {{u"error"_s, u"unable to find leader election namespace: not running in-cluster, please specify "
                               "--leader-election-namespace"_s}});
        return exitFailure;
    }
    return std::nullopt;
}

std::optional<int> OperatorDaemon::loadOperatorConfig()
{
    const config::OperatorConfigLoad load = config::OperatorConfigLoader::load(m_environment);
    for (const QString &warning : load.warnings)
        logWarning(warning);
    if (!load.ok()) {
        logError(u"failed to setup controllers"_s, {{u"error"_s, load.errors.join(u"; "_s)}});
        return exitFailure;
    }
    m_config = load.config;
    logInfo(u"Operator configuration loaded"_s,
            {{u"ttlSecondsAfterFinished"_s, m_config.jobTtlSecondsAfterFinished
                                                ? QJsonValue(qint64(*m_config.jobTtlSecondsAfterFinished))
                                                : QJsonValue()},
             {u"metricsExporterImage"_s, m_config.metricsExporterImage},
             {u"affinityInjection"_s, m_config.affinityInjection},
             {u"tolerationsInjection"_s, m_config.tolerationsInjection}});
    return std::nullopt;
}

std::optional<int> OperatorDaemon::listen(HttpServer *server, const QString &bindAddress, const QString &what)
{
    const Result<std::optional<options::BindAddress>> address = options::BindAddress::parse(bindAddress);
    if (!address) {
        logError(u"unable to start manager"_s, {{u"error"_s, address.errorMessage()}});
        return exitFailure;
    }
    if (!*address)
        return std::nullopt;
    const Result<quint16> port = server->listen((*address)->host, (*address)->port);
    if (!port) {
        logError(u"unable to start manager"_s, {{u"error"_s, port.errorMessage()}});
        return exitFailure;
    }
    logInfo(u"Serving "_s + what, {{u"address"_s, (*address)->host.toString()}, {u"port"_s, int(*port)},
                                   {u"secure"_s, server->isTls()}});
    return std::nullopt;
}

void OperatorDaemon::startWebhookProbe()
{
    // Readiness means "the webhook listener completes a TLS handshake" (what the API server needs);
    // the probe runs in the background so /readyz answers at once from its last result.
    auto *timer = new QTimer(this);
    timer->setInterval(int(webhookProbeIntervalMs));
    const auto probe = [this] {
        m_webhookServer->probeTls(webhookProbeTimeoutMs, [this](bool accepted, const QString &error) {
            const bool wasReady = !m_webhookProbeFailure;
            m_webhookProbeFailure = accepted ? std::nullopt : std::optional<QString>(error);
            if (accepted != wasReady && !accepted)
                logWarning(u"The webhook listener does not accept TLS connections"_s, {{u"error"_s, error}});
        });
    };
    connect(timer, &QTimer::timeout, this, probe);
    timer->start();
    probe();
}

QCoro::Task<void> OperatorDaemon::startController()
{
    QPointer<OperatorDaemon> self(this);
    if (m_controller || m_stopRequested)
        co_return;
    controller::ControllerMetrics hooks = m_controllerMetrics->hooks();
    hooks.activeWorkersChanged = [metrics = m_controllerMetrics.get()](int workers) { metrics->setActiveWorkers(workers); };
    m_controller = new controller::LocustTestController(m_client, m_config, m_options.watchNamespace, hooks, this);
    logInfo(u"Starting Controller"_s, {{u"controller"_s, u"locusttest"_s}, {u"controllerGroup"_s, u"locust.io"_s},
                                       {u"controllerKind"_s, u"LocustTest"_s}});
    const bool started = co_await m_controller->start(cacheSyncTimeout);
    if (!self || m_stopRequested)
        co_return;
    if (!started) {
        fail(u"problem running manager"_s,
             {{u"error"_s, u"failed to wait for locusttest caches to sync: timed out waiting for cache to be synced"_s}});
        co_return;
    }
    logInfo(u"Starting workers"_s, {{u"controller"_s, u"locusttest"_s}, {u"worker count"_s, 1}});
}

QCoro::Task<void> OperatorDaemon::shutDown()
{
    QPointer<OperatorDaemon> self(this);
    // Stop taking new work first, then let the reconcile in flight finish and release the lease.
    if (m_controller)
        co_await m_controller->stop();
    if (!self)
        co_return;
    if (m_elector)
        co_await m_elector->stop();
    if (!self)
        co_return;
    for (HttpServer *server : {m_webhookServer, m_metricsServer, m_probeServer}) {
        if (server)
            server->close();
    }
    if (m_metricsAuthorizer)
        co_await m_metricsAuthorizer->flush(); // reviews in flight for requests just closed
    if (!self)
        co_return;
    m_shutDownFinished = true;
    m_wake.wakeAll();
}

QCoro::Task<int> OperatorDaemon::run()
{
    QPointer<OperatorDaemon> self(this);
    if (const std::optional<QString> error = options::DaemonOptionsParser::startupError(m_options)) {
        logError(*error);
        co_return exitFailure;
    }

    // Step order follows the reference's main(), so the same misconfiguration fails the same way.
    if (m_options.enableWebhooks) {
        if (const std::optional<int> exit = co_await waitForWebhookCertificate())
            co_return *exit;
        if (!self)
            co_return exitFailure;
        m_webhookCertificates = new CertificateReloader(m_options.webhookCertPath, m_options.webhookCertName,
                                                        m_options.webhookCertKey, this);
        const Result<QSslConfiguration> ssl = m_webhookCertificates->start();
        if (!ssl) {
            logError(u"unable to setup webhook server"_s, {{u"error"_s, ssl.errorMessage()}});
            co_return exitFailure;
        }
        // The admission handler needs the operator configuration (its injection switches), so the
        // listener opens below, once that is loaded.
    }
    if (const std::optional<int> exit = prepareMetricsServer())
        co_return *exit;
    if (const std::optional<int> exit = createClient())
        co_return *exit;
    if (const std::optional<int> exit = resolveLeaderElectionNamespace())
        co_return *exit;
    if (const std::optional<int> exit = loadOperatorConfig())
        co_return *exit;

    if (m_options.enableWebhooks) {
        if (const std::optional<int> exit =
                prepareWebhookServer(m_webhookCertificates->configuration()))
            co_return *exit;
        logInfo(u"Registered webhooks"_s, {{u"validating"_s, QString::fromLatin1(WebhookEndpoints::validatePath)},
                                           {u"conversion"_s, QString::fromLatin1(WebhookEndpoints::convertPath)}});
        m_health.addReadinessCheck(u"webhook"_s, [this] { return m_webhookProbeFailure; });
        startWebhookProbe();
    }
    if (m_options.healthProbeBindAddress != u"0") {
        m_probeServer = new HttpServer({}, this);
        m_health.registerRoutes(*m_probeServer);
        if (const std::optional<int> exit = listen(m_probeServer, m_options.healthProbeBindAddress,
                                                   u"health probes"_s))
            co_return *exit;
    }
    if (m_metricsServer) {
        if (m_options.metricsSecure)
            m_metricsAuthorizer = new metrics::MetricsAuthorizer(m_client, {}, kube::Clock::system(), this);
        metrics::routeMetrics(*m_metricsServer, *m_metricsRegistry, m_metricsAuthorizer);
        if (const std::optional<int> exit = listen(m_metricsServer, m_options.metricsBindAddress, u"metrics server"_s))
            co_return *exit;
    }

    logInfo(u"starting manager"_s);
    if (m_options.leaderElect) {
        kube::LeaderElectionConfig election;
        election.leaseNamespace = m_leaseNamespace;
        election.leaseName = QString::fromLatin1(leaseName);
        election.identity = QSysInfo::machineHostName() + u'_' + QUuid::createUuid().toString(QUuid::WithoutBraces);
        // Unlike the reference (which lets the lease expire), a clean stop hands the lease over at
        // once, so a rolling update does not leave the tests unreconciled for 15 s.
        election.releaseOnStop = true;
        m_elector = new kube::LeaderElector(m_client, election, kube::Clock::system(), this);
        connect(m_elector, &kube::LeaderElector::startedLeading, this, [this] {
            logInfo(u"successfully acquired lease"_s, {{u"lease"_s, m_leaseNamespace + u'/' + QString::fromLatin1(leaseName)},
                                                       {u"identity"_s, m_elector->config().identity}});
            m_controllerMetrics->setLeaderElectionMasterStatus(true);
            startController();
        });
        connect(m_elector, &kube::LeaderElector::stoppedLeading, this, [this] {
            m_controllerMetrics->setLeaderElectionMasterStatus(false);
            if (!m_stopRequested)
                fail(u"problem running manager"_s, {{u"error"_s, u"leader election lost"_s}});
        });
        logInfo(u"attempting to acquire leader lease"_s,
                {{u"lease"_s, m_leaseNamespace + u'/' + QString::fromLatin1(leaseName)}, {u"identity"_s, election.identity}});
        m_elector->start();
    } else {
        startController();
    }

    while (!m_stopRequested && !m_failureExitCode)
        co_await m_wake.wait();
    if (!self)
        co_return exitFailure;
    if (m_failureExitCode)
        co_return *m_failureExitCode; // the reference exits at once here, without the graceful wait

    logInfo(u"Stopping and waiting for non leader election runnables"_s);
    QTimer deadline;
    deadline.setSingleShot(true);
    connect(&deadline, &QTimer::timeout, this, [this] { m_wake.wakeAll(); });
    // QTimer takes an int of milliseconds; a longer grace period (the flag allows years) is capped.
    deadline.start(std::min<std::chrono::milliseconds>(m_options.gracefulShutdownTimeout,
                                                       std::chrono::milliseconds(std::numeric_limits<int>::max())));
    shutDown();
    while (!m_shutDownFinished && deadline.isActive())
        co_await m_wake.wait();
    if (!m_shutDownFinished) {
        logError(u"problem running manager"_s,
                 {{u"error"_s, u"failed waiting for all runnables to end within grace period of "_s
                                   + goDuration(m_options.gracefulShutdownTimeout)}});
        co_return exitFailure;
    }
    logInfo(u"All workers finished"_s);
    co_return 0;
}

} // namespace locust::manager
