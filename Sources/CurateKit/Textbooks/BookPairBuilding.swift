/// What the textbook pair builders share: a book's pairs are its documents' pairs, in order,
/// with one set of questions already asked across the whole book.
protocol BookPairBuilding {
    func build(_ document: BookDocument, book: Book, asked: inout Set<String>, into output: inout StageOutput)
}

extension BookPairBuilding {
    func build(_ book: Book) -> StageOutput {
        var output = StageOutput(rejections: book.rejections)
        var asked = Set<String>()
        for document in book.documents {
            build(document, book: book, asked: &asked, into: &output)
        }
        return output
    }
}
