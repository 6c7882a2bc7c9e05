#pragma once

#include "config/operatorconfig.h"

#include <QProcessEnvironment>
#include <QStringList>

namespace locust::config {

// The outcome of reading the configuration: the config, and every problem found. All problems are
// collected so that a user fixes them in one round; the daemon exits non-zero when errors is not
// empty. Warnings never stop the start-up.
struct OperatorConfigLoad
{
    OperatorConfig config;
    QStringList errors;
    QStringList warnings;

    bool ok() const { return errors.isEmpty(); }
};

// Reads the operator configuration from environment variables (the list and the rules are in
// docs/configuration.md). Pure: the environment is a parameter, so tests never touch the process
// environment. A variable that is unset takes its default; one that is set, even to "", is used as
// given, so "" can mean "none" where that is meaningful.
class OperatorConfigLoader
{
public:
    static OperatorConfigLoad load(const QProcessEnvironment &environment);
};

} // namespace locust::config
