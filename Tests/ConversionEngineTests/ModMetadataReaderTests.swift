import ConversionEngine
import Foundation
import Testing

@Suite("Mod loader and metadata detection")
struct ModMetadataReaderTests {
    func read(_ files: [(String, String)]) throws -> ModMetadata {
        let jar = try JarArchive(data: try ZipFixture.make(files.map { ($0.0, ZipFixture.text($0.1)) }))
        return ModMetadataReader().read(jar)
    }

    @Test func forgeModsTomlWithAJarVersionPlaceholder() throws {
        let metadata = try read([
            ("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nImplementation-Version: 2.3.1\r\n"),
            ("META-INF/mods.toml", """
                modLoader="javafml" # the loader
                loaderVersion="[47,)"
                license='MIT'
                [[mods]]
                modId="rubymod"
                version="${file.jarVersion}"
                displayName="Ruby Mod"
                authors="Someone"
                description='''
                Rubies, everywhere.
                '''
                [[dependencies.rubymod]]
                    modId="forge"
                    mandatory=true
                """),
            ("assets/rubymod/lang/en_us.json", "{}"),
            ("data/rubymod/recipes/ruby.json", "{}"),
            ("data/forge/tags/items/gems.json", "{}"),
            ("assets/minecraft/textures/block/stone.png", "png"),
        ])
        #expect(metadata.loader == .forge)
        #expect(metadata.modID == "rubymod")
        #expect(metadata.name == "Ruby Mod")
        #expect(metadata.version == "2.3.1")
        #expect(metadata.description == "Rubies, everywhere.")
        #expect(metadata.authors == ["Someone"])
        #expect(metadata.namespaces == ["rubymod"])
        #expect(metadata.unresolvedPlaceholders.isEmpty)
        #expect(metadata.warnings.isEmpty)
    }

    @Test func neoforgeWinsOverAForgeFileShippedAlongside() throws {
        let toml = "[[mods]]\nmodId=\"both\"\nversion=\"1.0.0\"\n"
        let metadata = try read([("META-INF/mods.toml", toml), ("META-INF/neoforge.mods.toml", toml)])
        #expect(metadata.loader == .neoforge)
        #expect(metadata.otherMetadataFiles == ["META-INF/mods.toml"])
    }

    @Test func fabricWithPersonObjectsAndComments() throws {
        let metadata = try read([
            ("fabric.mod.json", """
                {
                  // fabric allows comments in practice
                  "schemaVersion": 1, "id": "gems", "version": "0.4.0+1.20.1", "name": "Gems",
                  "authors": ["Ann", {"name": "Bo", "contact": {}}],
                }
                """),
            ("assets/gems/icon.png", "png"),
        ])
        #expect(metadata.loader == .fabric)
        #expect(metadata.modID == "gems")
        #expect(metadata.version == "0.4.0+1.20.1")
        #expect(metadata.authors == ["Ann", "Bo"])
    }

    @Test func quiltMetadataIsRead() throws {
        let metadata = try read([
            ("quilt.mod.json", #"{"quilt_loader": {"id": "quilty", "version": "1.2.0", "metadata": {"name": "Quilty", "contributors": {"Cy": "Owner"}}}}"#)
        ])
        #expect(metadata.loader == .quilt)
        #expect(metadata.name == "Quilty")
        #expect(metadata.authors == ["Cy"])
    }

    @Test func legacyMcmodInfoInBothVersions() throws {
        let v1 = try read([("mcmod.info", #"[{"modid": "oldmod", "name": "Old Mod", "version": "1.7.10-1.0", "authorList": ["Dee"]}]"#)])
        #expect(v1.loader == .legacyForge)
        #expect(v1.modID == "oldmod")
        #expect(v1.authors == ["Dee"])
        let v2 = try read([("mcmod.info", #"{"modListVersion": 2, "modList": [{"modid": "newer", "version": "${version}"}]}"#)])
        #expect(v2.modID == "newer")
        #expect(v2.unresolvedPlaceholders == ["${version}"])
    }

    @Test func anUnreadableFileIsReportedAndTheNextOneUsed() throws {
        let metadata = try read([
            ("META-INF/mods.toml", "this is = = not toml [[["),
            ("mcmod.info", #"[{"modid": "fallback", "version": "1"}]"#),
        ])
        #expect(metadata.loader == .legacyForge)
        #expect(metadata.modID == "fallback")
        #expect(metadata.warnings.count == 1)
        #expect(metadata.warnings.first?.hasPrefix("META-INF/mods.toml:") == true)
    }

    @Test func aJarWithoutMetadataStillIdentifiesItsNamespace() throws {
        let metadata = try read([("assets/texturesonly/textures/blocks/x.png", "png"), ("assets/texturesonly/lang/en_US.lang", "tile.x.name=X")])
        #expect(metadata.loader == .unknown)
        #expect(metadata.modID == "texturesonly")
        #expect(metadata.namespaces == ["texturesonly"])
        #expect(metadata.warnings.contains { $0.contains("no readable mod metadata") })
    }
}
