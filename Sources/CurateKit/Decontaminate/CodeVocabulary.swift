import Foundation

/// The names code normalisation keeps: the keywords of the domain's language (and, for C++,
/// `std` and the fixed-width integer types). Every other unqualified identifier is a name the
/// author chose, and renaming it must not hide a copy, so it becomes one placeholder token.
/// The lists are short on purpose: a library name a copier may also use as a variable name
/// (`list`, `count`, `shift`) would turn a renamed copy into a different stream.
enum CodeVocabulary {
    static let placeholder: UInt64 = 0x1d_e471_f1e5

    static let cpp: [String] = words("""
        alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t char32_t class
        compl concept const consteval constexpr constinit const_cast continue co_await co_return co_yield decltype
        default delete do double dynamic_cast else enum explicit export extern false float for friend goto if inline
        int long mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public register
        reinterpret_cast requires return short signed sizeof static static_assert static_cast struct switch template
        this thread_local throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t
        while xor xor_eq std size_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t
        """)

    /// Shell and CMake keywords and built-in commands, for the domains whose comments start with `#`.
    static let hashLanguages: [String] = words("""
        if then else elif fi case esac for while until do done in function select time return local export
        readonly declare echo printf read shift set unset exit test
        cmake_minimum_required project add_executable add_library target_link_libraries target_include_directories
        target_compile_options target_compile_features set_target_properties find_package include add_subdirectory
        option message foreach endforeach endif endfunction endmacro macro install PUBLIC PRIVATE INTERFACE
        """)

    private static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }

    private static func hashes(_ names: [String]) -> Set<UInt64> {
        Set(names.map { name in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            return hash
        })
    }

    private static let cppHashes = hashes(cpp)
    private static let hashLanguageHashes = hashes(hashLanguages)

    @inline(__always) static func kept(_ hash: UInt64, length: Int, hashComments: Bool) -> Bool {
        length <= 32 && (hashComments ? hashLanguageHashes : cppHashes).contains(hash)
    }
}
