import AIEngineService
import Contracts
import Foundation
import ServiceKit

// `ai-engine models register …`, `ai-engine knowledge load FILE`, `ai-engine embed TEXT…` run a
// command (see AIEngineCommands); with no arguments the executable is the ai-engine service.
let arguments = Array(CommandLine.arguments.dropFirst())
let commands = [
    ServiceUsage.Command("deploy", "SHIPPED [--knowledge FILE]", "register the shipped models, promote where none is in production, load the knowledge base"),
    ServiceUsage.Command("models", "register NAME VERSION FORMAT LOCATION [--metrics FILE] [--promote]", "register one model version"),
    ServiceUsage.Command("knowledge", "load FILE", "embed and load knowledge-base entries (JSON lines)"),
    ServiceUsage.Command("embed", "TEXT…", "print the embeddings of the texts"),
    ServiceUsage.Command("featurize", "--model DIR < classes.jsonl", "print the classifier's features of class summaries (JSON lines), no database"),
]
if case .command = ServiceUsage.handle(ServiceUsage.decide(arguments, service: .aiEngine, commands: commands)) {
    exit(await AIEngineCommands.main(["--help", "-h", "help"].contains(arguments.first ?? "") ? ["--help"] : arguments))
}

await ServiceMain.run(AIEngineApplication.self)
