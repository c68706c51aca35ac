extension Substring {
    /// The text without any of the ASCII `characters` at its end. Works on UTF-8, so
    /// it stays linear however long the run is (stepping back over `Character`s of a
    /// long `Substring` need not be).
    func droppingASCIISuffix(_ characters: String) -> Substring {
        let set = Set(characters.utf8)
        var end = utf8.endIndex
        while end > utf8.startIndex {
            let before = utf8.index(before: end)
            guard set.contains(utf8[before]) else { break }
            end = before
        }
        return self[..<end]
    }
}
