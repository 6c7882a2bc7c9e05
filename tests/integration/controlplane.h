#pragma once

#include "support/result.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

// Access to the local control plane that tests/cluster/control-plane.sh started for the integration
// tests (the CTest fixture `control_plane`): what it wrote into DIR/env, kubectl from the patched
// 1.20.2 build, and the disruptive operations (restart the API server, compact etcd).
namespace locust::testsupport {

// What a child process did.
struct ProcessResult
{
    int exitCode = -1; // -1 when it could not start, crashed or timed out
    QByteArray standardOutput;
    QByteArray standardError;

    bool ok() const { return exitCode == 0; }
    // "exit 1: <stderr>" for failure messages (QVERIFY2(result.ok(), qPrintable(result.describe()))).
    QString describe() const;
};

struct ControlPlane
{
    QString dir;              // the control plane's directory (LOCUST_TEST_CLUSTER_DIR)
    QString kubeconfig;       // admin client certificate (group system:masters); current-context set
    QString tokenKubeconfig;  // the same admin, as a static bearer token
    QString kubectl;          // kubectl from the build cache, never /usr/bin/kubectl
    QString apiserverUrl;     // https://127.0.0.1:PORT
    int apiserverPort = 0;
    QString etcdEndpoint;     // http://127.0.0.1:PORT
    QString caCert;           // signs the serving and client certificates; caKey to sign more
    QString caKey;
    QString adminCert;
    QString adminKey;
    QString adminToken;       // accepted as "Authorization: Bearer <token>", group system:masters
    QString webhookCert;      // serving certificate for 127.0.0.1 / localhost, signed by caCert
    QString webhookKey;
    QString serviceAccountKey;       // the key pair tokens are signed with
    QString serviceAccountPublicKey;
    QString serviceAccountIssuer;
    QString script;           // tests/cluster/control-plane.sh
    QMap<QString, QString> variables; // everything in DIR/env

    // Reads DIR/env of the directory named by LOCUST_TEST_CLUSTER_DIR (set by the CTest fixture).
    static Result<ControlPlane> fromEnvironment();
    // Reads DIR/env: lines `export NAME='value'`; other lines are ignored.
    static Result<ControlPlane> load(const QString &dir);

    // Runs kubectl with --kubeconfig <kubeconfig> (a later --kubeconfig in arguments wins) and a
    // per-cluster discovery cache; writes standardInput to it (e.g. manifests for `apply -f -`).
    ProcessResult runKubectl(const QStringList &arguments, const QByteArray &standardInput = {},
                             int timeoutMs = 60'000) const;

    // Stops kube-apiserver and starts it again on the same port with the same flags; returns when
    // it is ready again. Only for tests registered with RESOURCE_LOCK (they run alone).
    ProcessResult restartApiserver() const;
    // Compacts etcd to its current revision (printed on standardOutput); a watch from an older
    // resourceVersion then ends with 410 Gone. Only for tests registered with RESOURCE_LOCK.
    ProcessResult compactEtcd() const;
    // Runs `control-plane.sh <command> <dir>`.
    ProcessResult runScript(const QString &command, int timeoutMs = 180'000) const;
};

// "<prefix>-<8 random hex digits>": names of namespaces and cluster-scoped objects, so that
// integration tests running at the same time never share objects.
QString uniqueName(const QString &prefix);

// Runs a program; the common part of runKubectl and runScript.
ProcessResult runProcess(const QString &program, const QStringList &arguments,
                         const QByteArray &standardInput = {}, int timeoutMs = 60'000);

} // namespace locust::testsupport
