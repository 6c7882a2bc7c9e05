#pragma once

#include "daemon/offline/commandio.h"
#include "daemon/offline/locusttestmanifest.h"

#include "api/locusttestvalidator.h"
#include "config/operatorconfig.h"
#include "support/result.h"

#include <QJsonObject>
#include <QList>

#include <variant>

// What the offline sub-commands share: option parsing, reading the manifests, the operator
// configuration from the environment, and printing objects.
namespace locust::offline::commandsupport {

enum class OutputFormat { Yaml, Json };

struct Options
{
    QStringList files;
    OutputFormat output = OutputFormat::Yaml;
    QString targetVersion; // convert --to
    bool help = false;
};

struct OptionSpec
{
    bool output = false;        // accepts -o yaml|json
    bool targetVersion = false; // accepts --to v1|v2
};

// Parses "-f FILE... [-o yaml|json] [--to v1|v2] [-h]". Unknown options, stray arguments and bad
// values are errors.
Result<Options> parseOptions(const QStringList &arguments, OptionSpec spec);

// The options to run with, or what to answer right away: the usage with an error (exit 2), or the
// help text when asked for (exit 0).
std::variant<Options, CommandOutput> optionsOrAnswer(const QStringList &arguments, OptionSpec spec,
                                                     const QString &usage);

struct Manifests
{
    struct Entry
    {
        ManifestDocument document;
        std::optional<LocustTestManifest> test; // set when the document is a LocustTest
    };

    QList<Entry> entries; // every document, in input order
    QStringList errors;   // unreadable input and documents that cannot be a LocustTest

    QList<LocustTestManifest> tests() const;
};

Manifests load(const QStringList &files, const CommandInput &input);

// Everything wrong with one test: its decode errors, then the validator's errors and warnings for
// the object with the CRD defaults applied, as the API server would present it.
api::ValidationResult check(const LocustTestManifest &manifest, const config::OperatorConfig &config);

// The lines to print for a check: "<location>: LocustTest "x": <error>" and "...: warning: ...".
QStringList messages(const LocustTestManifest &manifest, const api::ValidationResult &result);

// The test as the operator works with it: converted to v2 when written in v1, defaults applied.
api::LocustTestV2 storedForm(const LocustTestManifest &manifest);

// The operator configuration from the environment; its errors prefixed for the user.
Result<config::OperatorConfig> loadConfig(const QProcessEnvironment &environment, QStringList *errors);

// Objects as YAML documents separated by ---, or as JSON: one object as is, several as a List.
QByteArray format(const QList<QJsonObject> &objects, OutputFormat format);

QByteArray lines(const QStringList &lines); // each followed by a newline

} // namespace locust::offline::commandsupport
