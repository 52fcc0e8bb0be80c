import Foundation
import Testing
@testable import KnowledgeGraph
@testable import KGModel
@testable import KGStorage
@testable import KGSQLite
@testable import KGEngine
@testable import KGAsk
@testable import KGImportExport

/// Expressions compiled once per plan mean exactly what the interpreter
/// makes of the same tree: random conditions and values over the seed graph
/// give the same value (or the same error) compiled (`RETURN e`, `WHERE e`)
/// and interpreted (inside a list that is subscripted, `[e][0]`, which the
/// compiler hands to the interpreter whole).
@Suite struct CompiledExpressionTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

        mutating func operand(_ depth: Int) -> String {
            if depth > 2 || next() % 3 == 0 {
                return pick(["a.kind", "a.date", "c.founded", "c.name", "c.country", "c.valuation_usd", "c.key", "a.key",
                             "1", "2010", "2.5", "-3", "'cross_license'", "'Xiaomi'", "'2017'", "2017-07", "2019", "null", "true", "false",
                             "['patent_license', 'cross_license']", "[1, 2010, null]", "[]", "$n", "$s", "c", "a",
                             "lower(c.name)", "upper(a.kind)", "year(a.date)", "size(c.name)", "key(c)", "kind(a)", "coalesce(c.founded, a.date)",
                             "length(a.kind)", "year(c.name)", "size(c)"])
            }
            return "(" + expression(depth + 1) + ")"
        }

        mutating func expression(_ depth: Int) -> String {
            switch next() % 9 {
            case 0: return "NOT " + operand(depth)
            case 1: return operand(depth) + pick([" IS NULL", " IS NOT NULL"])
            case 2: return operand(depth) + " IN " + pick(["['patent_license', 'cross_license']", "[1, 2010, null]", "[]", "[c, a]", "c.key"])
            case 3, 4: return operand(depth) + pick([" AND ", " OR "]) + operand(depth)
            default: return operand(depth) + pick([" = ", " <> ", " < ", " <= ", " > ", " >= "]) + operand(depth)
            }
        }
    }

    func outcome(_ q: SeedQueries, _ text: String, _ parameters: [String: Value]) -> Result<[[Value]], KGError> {
        do { return .success(try q.engine.execute(text, parameters: parameters).rows) }
        catch { return .failure(error) }
    }

    @Test func compiledAndInterpretedAgreeOnRandomExpressions() throws {
        let q = try SeedQueries()
        var g = Generator(state: 20261201)
        let parameters: [String: Value] = ["n": .int(2010), "s": .string("cross_license")]
        var compared = 0, errors = 0
        for _ in 0..<400 {
            let e = g.expression(0)
            let base = "MATCH (c:Company)<-[:party]-(a:Agreement) "
            let both = outcome(q, base + "RETURN a.key, c.key, \(e) AS compiled, [\(e)][0] AS interpreted ORDER BY a.key, c.key", parameters)
            switch both {
            case .success(let rows):
                #expect(!rows.isEmpty)
                for row in rows { #expect(row[2] == row[3], "\(e) on \(row[0]), \(row[1]): \(row[2]) compiled, \(row[3]) interpreted") }
                // WHERE keeps exactly the rows whose value is true.
                let kept = outcome(q, base + "WHERE \(e) RETURN a.key, c.key ORDER BY a.key, c.key", parameters)
                let expected = rows.filter { $0[3] == .bool(true) }.map { Array($0.prefix(2)) }
                if case .success(let filtered) = kept {
                    #expect(filtered == expected, "WHERE \(e)")
                } else if case .failure(let error) = kept {
                    // A value that is not true or false is an error in WHERE (not in RETURN).
                    #expect(error.code == .runtimeType, "WHERE \(e): \(error.message)")
                    #expect(rows.contains { row in if case .bool = row[3] { return false }; return !row[3].isNull }, "WHERE \(e): \(error.message)")
                }
                compared += 1
            case .failure(let error):
                // Errors come from the expression, the same compiled or not: run it interpreted only.
                let interpreted = outcome(q, base + "RETURN [\(e)][0]", parameters)
                if case .failure(let other) = interpreted {
                    #expect(other.code == error.code, "\(e)")
                    #expect(other.message == error.message, "\(e)")
                } else {
                    Issue.record("\(e): compiled fails with \(error.message), interpreted succeeds")
                }
                errors += 1
            }
        }
        #expect(compared > 150)
        #expect(errors > 5)
    }
}
