#include "importer/columns.h"

namespace luodi {

const char* attribute_of(ColumnId c) {
  switch (c) {
    case ColumnId::kName: return "name";
    case ColumnId::kUnit: return "unit";
    case ColumnId::kLeader: return "leader";
    case ColumnId::kIndustry: return "industry";
    case ColumnId::kOrigin: return "origin";
    case ColumnId::kInvestment: return "investment_wan";
    case ColumnId::kFixedAsset: return "fixed_asset_wan";
    case ColumnId::kForeign: return "foreign_usd_wan";
    case ColumnId::kLandNeed: return "land_need_mu";
    case ColumnId::kLandSecured: return "land_secured_mu";
    case ColumnId::kPlan: return "plan_wan";
    default: return nullptr;
  }
}

}  // namespace luodi
