#include "report/svg_charts.h"

#include <algorithm>
#include <cmath>

#include "report/cell_text.h"

namespace luodi::svg {

namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string value_text(double v) { return report_text::cell(Cell(std::round(v * 100) / 100)); }

// About how wide a label is drawn at 12px: a CJK character 12px, others 7px.
double label_width(const std::string& text) {
  double w = 0;
  for (unsigned char c : text)
    if (c >= 0xE0)
      w += 12;
    else if ((c & 0xC0) != 0x80)
      w += 7;
  return w;
}

// The opening tag: a viewBox, so that CSS may scale the chart down to a
// phone's width (max-width:100%) with its labels and values in proportion.
std::string svg_open(double width, double height, const std::string& title) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"" +
         num(width) + "\" height=\"" + num(height) + "\" viewBox=\"0 0 " + num(width) + " " +
         num(height) + "\" aria-label=\"" + escape(title) + "\">";
}

}  // namespace

std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string bar_chart(const std::string& title, const std::vector<Bar>& bars) {
  // The labels' column as wide as the longest label (never drawn left of
  // the chart, nor under the bars), the bars after it, then their values.
  const double bar_w = 260, value_w = 60, row_h = 28, top = 30;
  double label_w = 48;
  for (const auto& b : bars) label_w = std::max(label_w, label_width(b.label) + 12);
  label_w = std::min(label_w, 240.0);
  const double height = top + row_h * static_cast<double>(bars.size()) + 10;
  double max = 0;
  for (const auto& b : bars) max = std::max(max, b.value);
  std::string out = svg_open(label_w + bar_w + value_w, height, title) +
                    "<text x=\"0\" y=\"18\" class=\"chart-title\">" + escape(title) + "</text>";
  for (size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const double y = top + row_h * static_cast<double>(i);
    const double w = max > 0 ? bar_w * b.value / max : 0;
    out += "<text x=\"" + num(label_w - 6) + "\" y=\"" + num(y + 18) + "\" text-anchor=\"end\">" +
           escape(b.label) + "</text>";
    out += "<rect x=\"" + num(label_w) + "\" y=\"" + num(y + 4) + "\" width=\"" + num(w) +
           "\" height=\"" + num(row_h - 8) + "\" fill=\"" + escape(b.color) + "\"/>";
    out += "<text x=\"" + num(label_w + w + 6) + "\" y=\"" + num(y + 18) +
           "\" class=\"bar-value\">" + value_text(b.value) + "</text>";
  }
  return out + "</svg>";
}

std::string line_chart(const std::string& title, const std::vector<Series>& series) {
  const double left = 40, width = 480, top = 30, height = 180, bottom = 40;
  size_t n = 0;
  double max = 0;
  for (const auto& s : series) {
    n = std::max(n, s.points.size());
    for (const auto& [x, y] : s.points)
      if (y) max = std::max(max, *y);
  }
  if (max <= 0) max = 1;
  auto px = [&](size_t i) { return left + (n > 1 ? width * static_cast<double>(i) / (n - 1) : 0); };
  auto py = [&](double v) { return top + height - height * v / max; };
  // The legend after the lines, as wide as its longest name.
  double legend_w = 120;
  for (const auto& s : series) legend_w = std::max(legend_w, 24 + label_width(s.name) + 8);
  std::string out = svg_open(left + width + legend_w, top + height + bottom, title) +
                    "<text x=\"0\" y=\"18\" class=\"chart-title\">" + escape(title) + "</text>";
  out += "<line x1=\"" + num(left) + "\" y1=\"" + num(top + height) + "\" x2=\"" +
         num(left + width) + "\" y2=\"" + num(top + height) + "\" stroke=\"#888\"/>";
  out += "<text x=\"" + num(left - 6) + "\" y=\"" + num(top + 4) + "\" text-anchor=\"end\">" +
         value_text(max) + "</text>";
  if (!series.empty())
    for (size_t i = 0; i < series[0].points.size(); i += std::max<size_t>(1, n / 4))
      out += "<text x=\"" + num(px(i)) + "\" y=\"" + num(top + height + 16) +
             "\" text-anchor=\"middle\" class=\"axis\">" + escape(series[0].points[i].first) +
             "</text>";
  for (size_t k = 0; k < series.size(); ++k) {
    const auto& s = series[k];
    std::string path;
    for (size_t i = 0; i < s.points.size(); ++i) {
      if (!s.points[i].second) continue;
      path += (path.empty() ? "M" : " L") + num(px(i)) + " " + num(py(*s.points[i].second));
    }
    if (!path.empty())
      out += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + escape(s.color) +
             "\" stroke-width=\"2\"/>";
    const double ly = top + 14 + 18 * static_cast<double>(k);
    out += "<rect x=\"" + num(left + width + 10) + "\" y=\"" + num(ly - 9) +
           "\" width=\"10\" height=\"10\" fill=\"" + escape(s.color) + "\"/><text x=\"" +
           num(left + width + 24) + "\" y=\"" + num(ly) + "\">" + escape(s.name) + "</text>";
  }
  return out + "</svg>";
}

}  // namespace luodi::svg
