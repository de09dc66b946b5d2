"""A small but varied Fabric mod for the tests that look at a whole conversion: a block with its
blockstate, model and texture, an item, names, a shaped recipe and a recipe type of the mod's own
(which Bedrock cannot run, so the report carries a smart assumption for it)."""
import io
import json
import os
import struct
import uuid
import zipfile
import zlib


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _png(rgba):
    header = struct.pack(">IIBBBBB", 16, 16, 8, 6, 0, 0, 0)
    rows = b"".join(b"\x00" + rgba * 16 for _ in range(16))
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")


def class_file(name, superclass, strings=()):
    """A minimal Java 8 class file: `name` extends `superclass`, holding `strings` as String
    constants (no fields or methods)."""
    pool = []

    def utf8(text):
        data = text.encode()
        pool.append(b"\x01" + struct.pack(">H", len(data)) + data)
        return len(pool)

    def class_ref(text):
        index = utf8(text)
        pool.append(b"\x07" + struct.pack(">H", index))
        return len(pool)

    this_index = class_ref(name)
    super_index = class_ref(superclass)
    for text in strings:
        index = utf8(text)
        pool.append(b"\x08" + struct.pack(">H", index))
    return (b"\xca\xfe\xba\xbe" + struct.pack(">HHH", 0, 52, len(pool) + 1) + b"".join(pool)
            + struct.pack(">HHHHHHH", 0x0021, this_index, super_index, 0, 0, 0, 0))


def demo_jar(unique=True, padding=0, classes=()):
    """The mod's bytes; `unique` puts a random name in it so the result cache never answers it;
    `padding` bytes of noise (stored, a sound file) make it big enough to watch it upload;
    `classes` are (name, superclass, strings) written as class files."""
    names = {"block.webdemo.ruby_block": "Block of Ruby", "item.webdemo.ruby": "Ruby"}
    if unique:
        names["item.webdemo.marker"] = "Marker %s" % uuid.uuid4().hex
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("fabric.mod.json", json.dumps({"schemaVersion": 1, "id": "webdemo", "version": "1.0.0", "name": "Web Demo"}))
        archive.writestr("assets/webdemo/blockstates/ruby_block.json", json.dumps({"variants": {"": {"model": "webdemo:block/ruby_block"}}}))
        archive.writestr("assets/webdemo/models/block/ruby_block.json",
                         json.dumps({"parent": "minecraft:block/cube_all", "textures": {"all": "webdemo:block/ruby_block"}}))
        archive.writestr("assets/webdemo/textures/block/ruby_block.png", _png(b"\xc0\x10\x30\xff"))
        archive.writestr("assets/webdemo/models/item/ruby.json", json.dumps({"parent": "minecraft:item/generated", "textures": {"layer0": "webdemo:item/ruby"}}))
        archive.writestr("assets/webdemo/textures/item/ruby.png", _png(b"\xe0\x20\x40\xff"))
        archive.writestr("assets/webdemo/lang/en_us.json", json.dumps(names))
        archive.writestr("data/webdemo/recipes/ruby_block.json", json.dumps({
            "type": "minecraft:crafting_shaped", "pattern": ["###", "###", "###"], "key": {"#": {"item": "webdemo:ruby"}},
            "result": {"item": "webdemo:ruby_block"}}))
        archive.writestr("data/webdemo/recipes/ruby_infusing.json", json.dumps({
            "type": "webdemo:infusing", "input": {"item": "webdemo:ruby"}, "result": {"item": "minecraft:diamond"}}))
        for name, superclass, strings in classes:
            archive.writestr(name + ".class", class_file(name, superclass, strings))
        if padding:
            archive.writestr(zipfile.ZipInfo("assets/webdemo/sounds/ambience.ogg"), os.urandom(padding), compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()
