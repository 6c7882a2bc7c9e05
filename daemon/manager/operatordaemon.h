#pragma once

#include "config/operatorconfig.h"
#include "kube/waker.h"
#include "manager/healthchecks.h"
#include "options/daemonoptions.h"

#include <QCoroTask>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QSslConfiguration>

#include <memory>
#include <optional>

namespace locust::httpserver {
class CertificateReloader;
class HttpServer;
}
namespace locust::kube {
class KubeClient;
class LeaderElector;
}
namespace locust::controller {
class LocustTestController;
}
namespace locust::metrics {
class ControllerRuntimeMetrics;
class MetricsAuthorizer;
class MetricsRegistry;
}

namespace locust::manager {

class WebhookEndpoints;

// The in-cluster daemon: what controller-runtime's manager does for the reference operator, in the
// same order so failures exit the same way (docs/daemon.md):
//   1. webhooks on: wait for the certificate files (bounded), load them, listen on the webhook port
//   2. metrics on: its certificate (or plain HTTP with --metrics-secure=false)
//   3. the Kubernetes client from --kubeconfig, KUBECONFIG, the pod's service account, ~/.kube/config
//   4. leader election's namespace, the operator configuration from the environment
//   5. probe and metrics listeners; then the controller, at once or once this replica leads
// Webhooks, probes and metrics run on every replica; the controller only on the leader. run()
// resolves to the process's exit code: 0 after a requested stop that finished within the grace
// period, 1 on a start-up error, a lost lease, a runtime failure or a stop that overran.
class OperatorDaemon : public QObject
{
    Q_OBJECT
public:
    OperatorDaemon(options::DaemonOptions options, QProcessEnvironment environment, QObject *parent = nullptr);
    ~OperatorDaemon() override;

    QCoro::Task<int> run();

    // A graceful stop (the first SIGTERM or SIGINT): finish the reconcile in flight, release the
    // lease, close the listeners, within the grace period.
    void requestStop();

private:

    std::optional<int> prepareWebhookServer(const QSslConfiguration &ssl);
    QCoro::Task<std::optional<int>> waitForWebhookCertificate();
    std::optional<int> prepareMetricsServer();
    std::optional<int> createClient();
    std::optional<int> resolveLeaderElectionNamespace();
    std::optional<int> loadOperatorConfig();
    std::optional<int> listen(httpserver::HttpServer *server, const QString &bindAddress, const QString &what);
    void startWebhookProbe();
    QCoro::Task<void> startController();
    void fail(const QString &message, const QJsonObject &fields = {});
    // Stops the controller (the reconcile in flight finishes), the elector (the lease is released)
    // and the listeners; sets m_shutDownFinished when done.
    QCoro::Task<void> shutDown();

    options::DaemonOptions m_options;
    QProcessEnvironment m_environment;
    config::OperatorConfig m_config;
    QString m_leaseNamespace;

    kube::KubeClient *m_client = nullptr;
    std::unique_ptr<WebhookEndpoints> m_webhookEndpoints;
    httpserver::HttpServer *m_webhookServer = nullptr;
    httpserver::CertificateReloader *m_webhookCertificates = nullptr;
    httpserver::HttpServer *m_probeServer = nullptr;
    httpserver::HttpServer *m_metricsServer = nullptr;
    httpserver::CertificateReloader *m_metricsCertificates = nullptr;
    std::unique_ptr<metrics::MetricsRegistry> m_metricsRegistry;
    std::unique_ptr<metrics::ControllerRuntimeMetrics> m_controllerMetrics;
    metrics::MetricsAuthorizer *m_metricsAuthorizer = nullptr;
    HealthChecks m_health;
    std::optional<QString> m_webhookProbeFailure = QStringLiteral("the webhook listener was not probed yet");
    kube::LeaderElector *m_elector = nullptr;
    QPointer<controller::LocustTestController> m_controller;

    bool m_stopRequested = false;
    bool m_shutDownFinished = false;
    std::optional<int> m_failureExitCode; // set by fail(): the run ends with it
    kube::Waker m_wake;                    // run() waits on this for a stop request or a failure
};

} // namespace locust::manager
