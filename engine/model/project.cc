#include "luodi/project.h"

#include <array>
#include <utility>

namespace luodi {

namespace {

constexpr std::array<std::pair<ProjectStatus, std::string_view>, 5> kStatusNames{{
    {ProjectStatus::kActive, "active"},
    {ProjectStatus::kBlocked, "blocked"},
    {ProjectStatus::kCancelled, "cancelled"},
    {ProjectStatus::kDropped, "dropped"},
    {ProjectStatus::kFinished, "finished"},
}};

constexpr std::array<std::pair<EventKind, std::string_view>, 14> kKindNames{{
    {EventKind::kCreated, "created"},
    {EventKind::kAdvanced, "advanced"},
    {EventKind::kBlocked, "blocked"},
    {EventKind::kUnblocked, "unblocked"},
    {EventKind::kCancelled, "cancelled"},
    {EventKind::kDropped, "dropped"},
    {EventKind::kReinstated, "reinstated"},
    {EventKind::kPromoted, "promoted"},
    {EventKind::kPlanned, "planned"},
    {EventKind::kPlanCleared, "plan_cleared"},
    {EventKind::kInstructed, "instructed"},
    {EventKind::kInvested, "invested"},
    {EventKind::kInstructionDone, "instruction_done"},
    {EventKind::kUpdated, "update"},
}};

template <typename E, size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E v) {
  for (const auto& [e, n] : table)
    if (e == v) return n;
  return "?";
}

template <typename E, size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table,
                          std::string_view s) {
  for (const auto& [e, n] : table)
    if (n == s) return e;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(ProjectStatus s) { return name_of(kStatusNames, s); }
std::optional<ProjectStatus> parse_project_status(std::string_view s) {
  return value_of(kStatusNames, s);
}
std::string_view to_string(EventKind k) { return name_of(kKindNames, k); }
std::optional<EventKind> parse_event_kind(std::string_view s) { return value_of(kKindNames, s); }

}  // namespace luodi

namespace luodi {

const AttributeField* find_attribute(std::string_view name) {
  for (const auto& f : attribute_fields())
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace luodi
