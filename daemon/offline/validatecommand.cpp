#include "daemon/offline/validatecommand.h"

#include "daemon/offline/commandsupport.h"

using namespace Qt::StringLiterals;

namespace locust::offline {

namespace support = commandsupport;

QString ValidateCommand::usage()
{
    return u"Usage: locust-operator validate -f FILE [-f FILE...]\n"
           "\n"
           "Checks every LocustTest (locust.io/v1 or v2) in the files as the cluster would: the CRD schema,\n"
           "the operator's admission rules, and the Kubernetes rules for the objects the operator creates.\n"
           "FILE is a YAML or JSON file (multi-document allowed), a directory, or - for standard input.\n"
           "Warnings (settings that would be ignored or that override the operator's) are printed too.\n"
           "The operator configuration is read from the environment, as the operator reads it.\n"
           "\n"
           "Exit status: 0 all valid, 1 field errors, 2 usage, read or parse error.\n"_s;
}

CommandOutput ValidateCommand::run(const CommandInput &input)
{
    auto parsed = support::optionsOrAnswer(input.arguments, {}, usage());
    if (auto *answer = std::get_if<CommandOutput>(&parsed))
        return *answer;
    const support::Options &options = std::get<support::Options>(parsed);

    CommandOutput output;

    QStringList errors;
    const Result<config::OperatorConfig> config = support::loadConfig(input.environment, &errors);
    if (!config) {
        output.standardError = support::lines(errors);
        output.exitCode = exitUsage;
        return output;
    }
    const support::Manifests manifests = support::load(options.files, input);
    errors = manifests.errors;
    bool readProblem = !errors.isEmpty();
    const QList<LocustTestManifest> tests = manifests.tests();
    if (tests.isEmpty() && errors.isEmpty()) {
        errors << u"no LocustTest found in "_s + options.files.join(u", "_s);
        readProblem = true;
    }

    QStringList valid;
    bool invalid = false;
    for (const LocustTestManifest &manifest : tests) {
        const api::ValidationResult result = support::check(manifest, *config);
        errors << support::messages(manifest, result);
        if (result.ok())
            valid << manifest.document.location() + u": "_s + manifest.displayName() + u" is valid"_s;
        else
            invalid = true;
    }

    output.standardOutput = support::lines(valid);
    output.standardError = support::lines(errors);
    output.exitCode = readProblem ? exitUsage : (invalid ? exitInvalid : exitOk);
    return output;
}

} // namespace locust::offline
