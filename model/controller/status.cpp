#include "controller/status.h"

namespace gs::model {

namespace {

bool isNegativePolarity(std::string_view type)
{
    return type == condition::Conflicted || type == condition::OverlappingTLSConfig || type == condition::PartiallyInvalid;
}

}  // namespace

bool Condition::isProblem() const
{
    if (isNegativePolarity(type))
        return status == ConditionStatus::True;
    return status != ConditionStatus::True;
}

const char* toString(ConditionStatus s)
{
    switch (s) {
    case ConditionStatus::True: return "True";
    case ConditionStatus::False: return "False";
    case ConditionStatus::Unknown: return "Unknown";
    }
    return "Unknown";
}

const Condition* Conditions::find(std::string_view type) const
{
    for (const Condition& c : items)
        if (c.type == type)
            return &c;
    return nullptr;
}

bool Conditions::has(std::string_view type, ConditionStatus status) const
{
    const Condition* c = find(type);
    return c && c->status == status;
}

bool ObjectStatus::hasProblem() const
{
    if (!notes.empty())
        return true;
    auto any = [](const Conditions& cs) {
        for (const Condition& c : cs.items)
            if (c.isProblem())
                return true;
        return false;
    };
    if (any(conditions))
        return true;
    if (gateway)
        for (const ListenerStatus& l : gateway->listeners)
            if (any(l.conditions))
                return true;
    for (const ListenerStatus& l : listenerSetListeners)
        if (any(l.conditions))
            return true;
    for (const RouteParentStatus& p : parents)
        if (any(p.conditions))
            return true;
    for (const PolicyAncestorStatus& a : ancestors)
        if (any(a.conditions))
            return true;
    return false;
}

}  // namespace gs::model
