import ArgumentParser
import Foundation
import Logging
import Monitor
import Store

/// Loading the configuration for a command, with its problems printed as diagnostics.
enum CommandConfig {
    static func load(_ path: String) throws -> DeskwatchConfig {
        do {
            let config = try DeskwatchConfig.load(path: path, environment: ProcessInfo.processInfo.environment)
            var err = StandardError()
            for warning in config.warnings { print(warning, to: &err) }
            return config
        } catch {
            throw CommandFailure(message: "\(error)")
        }
    }

    /// The state database named by `state:`, created on first use.
    static func openStore(_ config: DeskwatchConfig) throws -> SessionStore {
        guard let path = config.state else {
            throw CommandFailure(message: "the configuration has no `state:`: name the state database file, e.g. state: deskwatch.sqlite")
        }
        do {
            return try SessionStore.open(path: path)
        } catch {
            throw CommandFailure(message: "\(error)")
        }
    }

    /// The source named `name`, or the only one.
    static func pick(source name: String?, in config: DeskwatchConfig) throws -> SourceConfig {
        let names = config.sources.map(\.name)
        if let name {
            guard let source = config.sources.first(where: { $0.name == name }) else {
                throw ValidationError("no source named '\(name)'; configured: \(names.joined(separator: ", "))")
            }
            return source
        }
        guard config.sources.count == 1, let only = config.sources.first else {
            throw ValidationError(
                "the configuration has \(config.sources.count) sources; choose one with --source (\(names.joined(separator: ", ")))")
        }
        return only
    }
}

/// Logging for one-shot commands: plain lines on standard error.
enum CommandLogging {
    static func logger(label: String, level: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: level) ?? .warning
        return logger
    }
}
