#pragma once

#include "logging/loggingoptions.h"

#include <QString>
#include <QStringList>

#include <chrono>

namespace locust::options {

// Everything the locust-operator daemon reads from its command line and process environment
// (besides the operator configuration of config/), with the reference operator's defaults.
struct DaemonOptions
{
    QString metricsBindAddress = QStringLiteral("0"); // "0": no metrics listener
    QString healthProbeBindAddress = QStringLiteral(":8081"); // "0": no probe listener
    bool leaderElect = false;
    QString leaderElectionNamespace; // --leader-election-namespace; empty: the pod's namespace
    bool metricsSecure = true;
    bool enableWebhooks = false;
    bool enableWebhooksGiven = false; // --enable-webhooks appeared on the command line
    int webhookPort = 9443;           // --webhook-port
    QString webhookCertPath;
    QString webhookCertName = QStringLiteral("tls.crt");
    QString webhookCertKey = QStringLiteral("tls.key");
    std::chrono::milliseconds webhookCertWaitTimeout = std::chrono::minutes(2); // 0: wait forever
    QString metricsCertPath;
    QString metricsCertName = QStringLiteral("tls.crt");
    QString metricsCertKey = QStringLiteral("tls.key");
    bool enableHttp2 = false;
    QString kubeconfig;
    QString watchNamespace; // --watch-namespace; empty: all namespaces
    std::chrono::milliseconds gracefulShutdownTimeout = std::chrono::seconds(30);
    logging::LoggingOptions logging;
};

} // namespace locust::options
