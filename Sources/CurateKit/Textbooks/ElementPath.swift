import CLibXML2
import Foundation

/// XPath-like location of an element, `/html/body/div[2]/h2[1]`: each step names the element
/// and its 1-based position among same-named siblings. The root element and HTML's `head` and
/// `body`, which occur once, carry no position.
enum ElementPath {
    static func of(_ node: XMLNode) -> String {
        var steps = [String]()
        var current: XMLNode? = node
        while let element = current, element.isElement {
            let name = element.localName
            let parentIsElement = element.pointee.parent.map { $0.pointee.type == XML_ELEMENT_NODE } ?? false
            if !parentIsElement || name == "body" || name == "head" {
                steps.append(name)
            } else {
                steps.append("\(name)[\(position(of: element))]")
            }
            current = element.pointee.parent
        }
        return "/" + steps.reversed().joined(separator: "/")
    }

    private static func position(of element: XMLNode) -> Int {
        var index = 1
        var sibling = element.pointee.prev
        while let current = sibling {
            if current.isElement && xmlStrEqual(current.pointee.name, element.pointee.name) != 0 { index += 1 }
            sibling = current.pointee.prev
        }
        return index
    }
}
