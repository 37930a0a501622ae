import Foundation

/// Small charts drawn as inline SVG, so a report is one file that needs no network or scripts.
enum SVGChart {
    /// A bar: its label, its value, and the colour that says what it stands for.
    struct Bar {
        var label: String
        var value: Double
        var colour: String
    }

    /// Horizontal bars, one per labelled value, with the value printed at the bar's end.
    static func bars(_ items: [Bar], unit: String = "", width: Int = 720) -> String {
        guard !items.isEmpty else { return empty }
        let rowHeight = 22, labelWidth = 300, top = 6
        let height = top * 2 + rowHeight * items.count
        let peak = max(items.map(\.value).max() ?? 1, 1e-9)
        let span = Double(width - labelWidth - 90)
        var svg = open(width: width, height: height)
        for (index, item) in items.enumerated() {
            let y = top + index * rowHeight
            let length = max(1, Int(item.value / peak * span))
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">\(HTML.escape(String(item.label.prefix(48))))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(length)\" height=\"\(rowHeight - 6)\" fill=\"\(item.colour)\"/>"
            svg += "<text x=\"\(labelWidth + length + 6)\" y=\"\(y + 15)\">\(format(item.value))\(unit)</text>"
        }
        return svg + "</svg>"
    }

    /// Vertical bars over ordered bins (a histogram), labelled under the axis.
    static func histogram(_ bins: [(label: String, count: Int)], width: Int = 720, height: Int = 220) -> String {
        guard !bins.isEmpty, bins.contains(where: { $0.count > 0 }) else { return empty }
        let left = 50, bottom = 40, top = 10
        let plotWidth = width - left - 10, plotHeight = height - bottom - top
        let peak = Double(bins.map(\.count).max() ?? 1)
        let barWidth = Double(plotWidth) / Double(bins.count)
        var svg = open(width: width, height: height)
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(width - 10)\" y2=\"\(top + plotHeight)\" stroke=\"#555\"/>"
        svg += "<text x=\"\(left - 6)\" y=\"\(top + 10)\" text-anchor=\"end\">\(Int(peak))</text>"
        svg += "<text x=\"\(left - 6)\" y=\"\(top + plotHeight)\" text-anchor=\"end\">0</text>"
        let labelEvery = max(1, bins.count / 10)
        for (index, bin) in bins.enumerated() {
            let barHeight = Int(Double(bin.count) / peak * Double(plotHeight))
            let x = Double(left) + Double(index) * barWidth
            svg += "<rect x=\"\(format(x + 1))\" y=\"\(top + plotHeight - barHeight)\" width=\"\(format(max(1, barWidth - 2)))\" height=\"\(barHeight)\" fill=\"\(ReportColours.neutral)\"><title>\(HTML.escape(bin.label)): \(bin.count)</title></rect>"
            if index % labelEvery == 0 {
                svg += "<text x=\"\(format(x + barWidth / 2))\" y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\">\(HTML.escape(bin.label))</text>"
            }
        }
        return svg + "</svg>"
    }

    static let empty = "<p class=\"empty\">nothing recorded yet</p>"

    private static func open(width: Int, height: Int) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"12\">"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
    }
}

enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
