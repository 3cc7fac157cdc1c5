// Live traffic: the canary controls (a rule's weights set together, as one undo step) and the
// traffic generator's profiles, kept in the workspace beside the YAML.

#include "document.h"
#include "echo_faults.h"
#include "object_edits.h"

namespace gs::gui {

bool Document::setRuleWeights(const QString& routeId, int ruleIndex, const std::vector<std::int64_t>& weights, int percent,
                              const QString& series)
{
    const model::Object* o = objectOf(routeId);
    if (!o || !editable(*o)) {
        reportError(o ? readOnlyReason(*o) : tr("Nothing to edit"));
        return false;
    }
    yaml::Node doc = o->doc;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const std::string path = "spec.rules[" + std::to_string(ruleIndex) + "].backendRefs[" + std::to_string(i) + "].weight";
        if (!gs::gui::setField(doc, path, std::to_string(weights[i]), "int")) {
            reportError(tr("%1 has no field %2").arg(routeId, QString::fromStdString(path)));
            return false;
        }
    }
    if (doc.sameContent(o->doc))
        return true;
    pushTexts(textsReplacing({{indexOfObject(*o), doc}}),
              series.isEmpty() ? tr("Canary %1% on %2").arg(percent).arg(QString::fromStdString(o->displayName())) : series,
              series);
    return true;
}

namespace {

// "service/ns/name" (a Service node's id) → the workspace's echo key "ns/name".
std::string serviceKey(const QString& serviceId)
{
    const QStringList parts = serviceId.split('/');
    return parts.size() == 3 && parts[0] == "service" ? (parts[1] + "/" + parts[2]).toStdString() : std::string();
}

}  // namespace

QString Document::echoFaults(const QString& serviceId) const
{
    const auto it = workspace_.echo.find(serviceKey(serviceId));
    return it == workspace_.echo.end() ? QString() : QString::fromStdString(model::echoFaultsText(it->second.faults));
}

QString Document::echoFaultsError(const QString& text) const
{
    std::string error;
    return model::parseEchoFaults(text.trimmed().toStdString(), error) ? QString() : QString::fromStdString(error);
}

bool Document::setEchoFaults(const QString& serviceId, const QString& text)
{
    const std::string key = serviceKey(serviceId);
    std::string error;
    const auto faults = model::parseEchoFaults(text.trimmed().toStdString(), error);
    if (key.empty() || !faults) {
        reportError(key.empty() ? tr("%1 is not a Service").arg(serviceId) : QString::fromStdString(error));
        return false;
    }
    if (workspace_.echo[key].faults == *faults)
        return true;
    workspace_.echo[key].faults = *faults;
    QString writeError;
    if (!filePath().isEmpty() && !writeWorkspace(writeError))
        reportError(writeError);
    setMessage(faults->any() ? tr("%1's echo pods: %2 (local only, never exported)")
                                   .arg(QString::fromStdString(key), QString::fromStdString(model::echoFaultsSummary(*faults)))
                             : tr("%1's echo pods answer normally").arg(QString::fromStdString(key)));
    reload();   // the gateway serves the new faults at once (LiveGateway follows reloaded())
    emit echoFaultsChanged();
    return true;
}

model::RolloutPlan Document::rolloutPlan(const QString& routeId, int ruleIndex) const
{
    model::RolloutPlan plan;
    const QStringList parts = routeId.split('/');
    if (parts.size() == 3) {
        plan.routeNamespace = parts[1].toStdString();
        plan.routeName = parts[2].toStdString();
        plan.rule = ruleIndex;
    }
    if (auto it = workspace_.rollouts.find(plan.key()); it != workspace_.rollouts.end()) {
        model::RolloutPlan kept = it->second;
        kept.routeNamespace = plan.routeNamespace;
        kept.routeName = plan.routeName;
        kept.rule = plan.rule;
        return kept;
    }
    return plan;
}

void Document::keepRolloutPlan(const model::RolloutPlan& plan)
{
    workspace_.rollouts[plan.key()] = plan;
    QString error;
    if (!filePath().isEmpty() && !writeWorkspace(error))
        reportError(error);
}

std::vector<model::Source> Document::sources() const
{
    std::vector<model::Source> out;
    for (const SourceFile& f : files_)
        if (!f.path.isEmpty() || !f.text.empty() || cluster_.name.isEmpty())
            out.push_back({f.name.toStdString(), f.text});   // beside the cluster, an empty untitled buffer is no file yet
    if (!cluster_.name.isEmpty())
        out.push_back({cluster_.name.toStdString(), cluster_.text});
    return out;
}

QVariantMap Document::trafficProfiles() const
{
    QVariantMap out;
    for (const auto& [name, settings] : workspace_.trafficProfiles) {
        QVariantMap m;
        for (const auto& [key, value] : settings)
            m[QString::fromStdString(key)] = QString::fromStdString(value);
        out[QString::fromStdString(name)] = m;
    }
    return out;
}

bool Document::saveTrafficProfile(const QString& name, const QVariantMap& settings)
{
    if (name.trimmed().isEmpty()) {
        reportError(tr("A profile needs a name"));
        return false;
    }
    auto& profile = workspace_.trafficProfiles[name.trimmed().toStdString()];
    profile.clear();
    for (auto it = settings.begin(); it != settings.end(); ++it)
        profile[it.key().toStdString()] = it.value().toString().toStdString();
    QString error;
    const bool saved = !filePath().isEmpty();
    if (saved && !writeWorkspace(error)) {
        reportError(error);
        return false;
    }
    setMessage(!saved ? tr("Profile %1 kept; it is written with the workspace when you save").arg(name)
                               : tr("Profile %1 saved in the workspace").arg(name));
    emit trafficProfilesChanged();
    return true;
}

}  // namespace gs::gui
