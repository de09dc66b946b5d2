#!/usr/bin/env python3
"""Measure the conversion fidelity of the offline converter on a corpus of mod jars.

usage: measure_fidelity.py --cli PATH_TO_conversion --jars DIR_OR_FILES... [--out DIR] [--jobs N]
                           [--json summary.json] [--validate PATH_TO_validate-bedrock] [--refdata DIR]
                           [--schemas DIR] [--timeout S] [--reuse]

For each jar it runs `conversion convert JAR -o OUT.mcaddon --report OUT.report.json` (one process per
jar, wall time measured, 300 s timeout; exit 0 and 3 count as written, anything else is named as a
failure) and then inspects the add-on INDEPENDENTLY of the engine's report (the .mcaddon zip and the
jar only):

  1. blocks      Java blockstates (own namespaces, top level) vs BP minecraft:block files; a block
                 "looks wrong" when a material-instance texture (base or permutation) is the engine's
                 placeholder, resolves to neither a PNG in the RP nor a vanilla Bedrock texture path, or
                 when its geometry is undefined in the RP (built-ins excepted) or has no cubes.
  2. multipart   Java multipart blockstates whose Bedrock block is "composed" (a geometry with > 1 bone
                 and bone_visibility, or the minecraft:connection trait).
  3. items       BP items whose minecraft:icon resolves to a real PNG (or vanilla path), not the placeholder.
  4. recipes     jar recipe files (own namespaces) vs BP recipe files, split into vanilla / other types,
                 plus references in BP recipes to items that are neither minecraft: nor in the add-on.
  5. loot        BP loot tables validated against the Bedrock schema (via --validate on the whole
                 add-on, else in-process with jsonschema when installed).
  6. throughput  jar MiB / CLI wall seconds.
  7. engine      the engine's own report totals per kind and status, and its most common reasons.

Only the python3 standard library is needed (jsonschema is optional). Nothing here ever raises on a
malformed add-on, jar or report: such cases are counted.
"""
import argparse
import collections
import concurrent.futures
import io
import json
import os
import re
import statistics
import subprocess
import sys
import time
import zipfile

SHARED_NAMESPACES = {"minecraft", "c", "forge", "neoforge", "fabric"}
BUILTIN_GEOMETRIES = {"minecraft:geometry.full_block", "minecraft:geometry.cross"}
VANILLA_RECIPE_TYPES = {"crafting_shaped", "crafting_shapeless", "smelting", "blasting", "smoking",
                        "campfire_cooking", "stonecutting"}
FORGE_ORE_TYPES = {"forge:ore_shaped", "forge:ore_shapeless"}
DEFAULT_TIMEOUT = 300
# Vanilla parents the engine is known to draw (only used to keep them out of the diagnosis).
KNOWN_SHAPES = {"cube_all", "leaves", "cube_mirrored_all", "cube", "cube_column", "cube_column_horizontal", "column",
                "cube_column_mirrored", "cube_bottom_top", "orientable", "orientable_with_bottom", "orientable_vertical",
                "cross", "tinted_cross", "crop", "slab", "slab_top", "stairs", "inner_stairs", "outer_stairs",
                "fence_post", "fence_inventory", "wall_post", "template_wall_post", "wall_inventory", "fence_side",
                "template_wall_side", "block", "thin_block"}

# --------------------------------------------------------------------------------------------------
# Lenient JSON (Gson-like: comments, trailing commas, single quotes, BOM)


def _relax(text):
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            quote, j, buf = c, i + 1, ['"']
            while j < n and text[j] != quote:
                ch = text[j]
                if ch == "\\" and j + 1 < n:
                    nxt = text[j + 1]
                    buf.append("'" if nxt == "'" else ch + nxt)
                    j += 2
                    continue
                if ch == '"':
                    buf.append('\\"')
                elif ch == "\n":
                    buf.append("\\n")
                else:
                    buf.append(ch)
                j += 1
            buf.append('"')
            out.append("".join(buf))
            i = j + 1
            continue
        if text.startswith("//", i) or c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            continue
        out.append(c)
        i += 1
    relaxed = "".join(out)
    return re.sub(r",(\s*[\]}])", r"\1", relaxed)


def loads_lenient(data):
    """Parsed JSON, or None."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, (bytes, bytearray)) else data
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    try:
        return json.loads(text)
    except Exception:
        pass
    try:
        return json.loads(_relax(text))
    except Exception:
        return None


def as_dict(value):
    return value if isinstance(value, dict) else {}


def as_list(value):
    return value if isinstance(value, list) else []


# --------------------------------------------------------------------------------------------------
# Reference data


class RefData:
    def __init__(self, path):
        self.texture_paths, self.terrain_keys, self.item_keys = set(), {}, {}
        self.problem = None
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            self.texture_paths = set(data.get("texture_paths", []))
            self.terrain_keys = as_dict(data.get("terrain_texture_keys"))
            self.item_keys = as_dict(data.get("item_texture_keys"))
        except Exception as error:  # counted, never fatal
            self.problem = f"{path}: {error}"


# --------------------------------------------------------------------------------------------------
# The jar

VANILLA_MODELS = {}


def load_vanilla_models(folder):
    """Every vanilla Java block model of the refdata, newest version winning, by name."""
    models = {}
    def version_key(name):
        return [int(p) if p.isdigit() else 0 for p in name[:-5].split(".")]
    try:
        names = sorted((n for n in os.listdir(folder) if re.match(r"^\d+(\.\d+)*\.json$", n)), key=version_key)
    except OSError:
        return models
    for name in names:
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                data = json.load(handle)
            models.update({k: v for k, v in as_dict(data).items() if isinstance(v, dict)})
        except Exception:
            pass
    return models


class Jar:
    """What the measurement needs from a mod jar, read from its entries (no engine code)."""

    def __init__(self, path):
        self.path = path
        self.problem = None
        self.names = []
        self.zip = None
        try:
            self.zip = zipfile.ZipFile(path)
            self.names = [n for n in self.zip.namelist() if not n.endswith("/")]
        except Exception as error:
            self.problem = f"unreadable jar: {error}"
        self.namespaces = set()
        self.blockstates = {}     # "ns:name" -> entry (top level only)
        self.models = {}          # "ns:path" -> entry
        self.textures = set()     # "ns:path" (without .png)
        self.recipes = {}         # "ns:path" -> entry (own namespaces)
        self.foreign_recipes = 0  # recipes in minecraft/forge/... namespaces (not counted)
        self.block_loot = set()   # "ns:name"
        for name in self.names:
            parts = name.split("/")
            if len(parts) < 3 or parts[0] not in ("assets", "data") or not parts[1]:
                continue
            ns = parts[1].lower()
            if ns not in SHARED_NAMESPACES:
                self.namespaces.add(ns)
            kind, rest = parts[2], "/".join(parts[3:])
            own = ns not in SHARED_NAMESPACES
            if parts[0] == "assets":
                if kind == "blockstates" and len(parts) == 4 and rest.endswith(".json") and own:
                    self.blockstates[f"{ns}:{rest[:-5]}"] = name
                elif kind == "models" and rest.endswith(".json"):
                    self.models[f"{ns}:{rest[:-5]}"] = name
                elif kind == "textures" and rest.endswith(".png"):
                    self.textures.add(f"{ns}:{rest[:-4]}")
                elif kind == "recipes":
                    self._recipe(ns, rest, name, own)
            else:
                if kind in ("recipes", "recipe"):
                    self._recipe(ns, rest, name, own)
                elif kind in ("loot_tables", "loot_table") and rest.startswith("blocks/") and rest.endswith(".json") and own:
                    short = rest[len("blocks/"):-5]
                    if "/" not in short:
                        self.block_loot.add(f"{ns}:{short}")
        self._json_cache = {}
        self.vanilla_models = VANILLA_MODELS

    def _recipe(self, ns, rest, name, own):
        if not rest.endswith(".json"):
            return
        base = rest.rsplit("/", 1)[-1]
        if base in ("_constants.json", "_factories.json"):
            return
        if own:
            self.recipes[f"{ns}:{rest[:-5]}"] = name
        else:
            self.foreign_recipes += 1

    def json(self, entry):
        if entry in self._json_cache:
            return self._json_cache[entry]
        value = None
        try:
            value = loads_lenient(self.zip.read(entry))
        except Exception:
            value = None
        self._json_cache[entry] = value
        return value

    def items(self):
        """Item models of the mod (top level of models/item(s)/) minus the blocks."""
        blocks = set(self.blockstates) | self.block_loot
        found = set()
        for key in self.models:
            ns, path = key.split(":", 1)
            if ns in SHARED_NAMESPACES:
                continue
            parts = path.split("/")
            if len(parts) == 2 and parts[0] in ("item", "items") and parts[1]:
                found.add(f"{ns}:{parts[1]}")
        return found - blocks

    # ---- diagnosis of a block that looks wrong: what in the jar is behind it -----------------

    @staticmethod
    def _location(reference, folder=None):
        if not isinstance(reference, str) or not reference:
            return None
        ns, _, path = reference.partition(":") if ":" in reference else ("minecraft", "", reference)
        ns = ns.lower()
        if folder and "/" not in path:
            path = f"{folder}/{path}"
        return f"{ns}:{path}"

    def _model_entry(self, location):
        if location in self.models:
            return self.models[location]
        ns, path = location.split(":", 1)
        for a, b in (("block/", "blocks/"), ("item/", "items/"), ("blocks/", "block/"), ("items/", "item/")):
            if path.startswith(a) and f"{ns}:{b}{path[len(a):]}" in self.models:
                return self.models[f"{ns}:{b}{path[len(a):]}"]
        return None

    def _model_refs(self, blockstate):
        """(model reference, texture overrides) pairs named by a blockstate, in any format."""
        refs = []
        state = as_dict(blockstate)
        if "forge_marker" in state:
            defaults = as_dict(state.get("defaults"))
            default_textures = as_dict(defaults.get("textures"))
            if isinstance(defaults.get("model"), str):
                refs.append((self._location(defaults["model"], "block"), default_textures))

            default_model = self._location(defaults["model"], "block") if isinstance(defaults.get("model"), str) else None

            def walk(value, depth=0):
                if depth > 4:
                    return
                if isinstance(value, dict):
                    if isinstance(value.get("model"), str) or isinstance(value.get("textures"), dict):
                        model = self._location(value["model"], "block") if isinstance(value.get("model"), str) else default_model
                        refs.append((model, {**default_textures, **as_dict(value.get("textures"))}))
                    for inner in value.values():
                        walk(inner, depth + 1)
                elif isinstance(value, list):
                    for inner in value:
                        walk(inner, depth + 1)
            walk(state.get("variants"))
            if not refs and default_textures:
                refs.append((None, default_textures))
            return refs
        for key, value in as_dict(state.get("variants")).items():
            for choice in (value if isinstance(value, list) else [value]):
                if isinstance(as_dict(choice).get("model"), str):
                    refs.append((self._location(choice["model"], "block"), {}))
        for part in as_list(state.get("multipart")):
            apply = as_dict(part).get("apply")
            for choice in (apply if isinstance(apply, list) else [apply]):
                if isinstance(as_dict(choice).get("model"), str):
                    refs.append((self._location(choice["model"], "block"), {}))
        return refs

    def _resolve(self, location, overrides):
        """Follows a model's parent chain through the jar and the vanilla models of the refdata;
        returns a list of causes (empty: the jar and vanilla hold everything the model needs)."""
        causes, textures, elements, seen = [], dict(overrides), None, set()
        current, depth, vanilla_parent = location, 0, None
        while current and depth < 24:
            if current in seen:
                causes.append("model parent chain loops")
                break
            seen.add(current)
            ns, path = current.split(":", 1)
            entry = self._model_entry(current)
            if entry is not None:
                model = self.json(entry)
                if not isinstance(model, dict):
                    causes.append("model JSON unreadable")
                    break
            elif ns == "minecraft":
                name = path.split("/", 1)[1] if path.startswith(("block/", "blocks/")) else path
                if name in ("builtin/entity", "builtin/generated"):
                    causes.append(f"parent {name} (drawn by code)" if name == "builtin/entity" else "item model used as a block (builtin/generated)")
                    break
                model = self.vanilla_models.get(name)
                if vanilla_parent is None:
                    vanilla_parent = name
                    if name not in KNOWN_SHAPES:
                        causes.append(f"vanilla parent minecraft:block/{name}" + ("" if model is not None else " (not in refdata)"))
                if model is None:
                    break
            else:
                causes.append("mod model not in the jar" if depth == 0 else "mod parent model not in the jar")
                break
            if "loader" in model:
                causes.append(f"custom loader {model.get('loader')}")
            for key, value in as_dict(model.get("textures")).items():
                if isinstance(value, str):
                    textures.setdefault(key, value)
            if elements is None and isinstance(model.get("elements"), list):
                elements = model["elements"]
            parent = model.get("parent")
            current = self._location(parent) if isinstance(parent, str) else None
            depth += 1
        if elements is not None and not elements and "loader" not in str(causes):
            causes.append("model has empty elements")
        if elements is None and not causes and vanilla_parent is None:
            causes.append("model without parent or elements (drawn by code)")
        # Textures the model uses.
        for key, value in textures.items():
            hops = 0
            while isinstance(value, str) and value.startswith("#") and hops < 8:
                value = textures.get(value[1:])
                hops += 1
            if not isinstance(value, str) or value.startswith("#"):
                continue
            tex = self._location(value)
            if tex is None or tex in self.textures:
                continue
            ns, path = tex.split(":", 1)
            if ns == "minecraft":
                causes.append(f"vanilla texture minecraft:{path}")
            else:
                causes.append("mod texture missing from the jar" if ns in self.namespaces else f"texture of another mod ({ns})")
        used = set()
        for element in as_list(elements):
            for face in as_dict(as_dict(element).get("faces")).values():
                tex = as_dict(face).get("texture")
                if isinstance(tex, str) and tex.startswith("#"):
                    used.add(tex[1:])
        for variable in sorted(used):
            value, hops = f"#{variable}", 0
            while isinstance(value, str) and value.startswith("#") and hops < 8:
                value = textures.get(value[1:])
                hops += 1
            if not isinstance(value, str) or value.startswith("#"):
                causes.append("texture variable unset")
                break
        return causes

    def diagnose(self, java_id):
        """Why a Java block may end up with a placeholder or an empty geometry (jar side)."""
        entry = self.blockstates.get(java_id)
        if entry is None:
            return ["no blockstate in the jar (block from lang or a loot table only)"]
        state = self.json(entry)
        if not isinstance(state, dict):
            return ["blockstate JSON unreadable"]
        refs = self._model_refs(state)
        if not refs:
            return ["blockstate names no model"]
        causes, done = [], set()
        for location, overrides in refs:
            signature = (location, json.dumps(overrides, sort_keys=True))
            if signature in done:
                continue
            done.add(signature)
            if len(done) > 64:
                break
            if location is None:
                causes.append("forge blockstate without a model")
                continue
            causes += self._resolve(location, overrides)
        return sorted(set(causes))


# --------------------------------------------------------------------------------------------------
# The add-on


class Addon:
    """The files of a .mcaddon, split into behaviour and resource pack."""

    def __init__(self, path):
        self.problem = None
        self.bp, self.rp = {}, {}
        self.malformed = []
        try:
            with zipfile.ZipFile(path) as archive:
                files = {}
                for name in archive.namelist():
                    if name.endswith("/"):
                        continue
                    data = archive.read(name)
                    if name.endswith((".mcpack", ".zip")):
                        try:
                            with zipfile.ZipFile(io.BytesIO(data)) as inner:
                                for inner_name in inner.namelist():
                                    if not inner_name.endswith("/"):
                                        files[f"{name}/{inner_name}"] = inner.read(inner_name)
                        except Exception:
                            self.malformed.append(f"{name}: nested pack unreadable")
                        continue
                    files[name] = data
        except Exception as error:
            self.problem = f"unreadable add-on: {error}"
            return
        # Pack roots are the folders that hold a manifest.json.
        roots = {}
        for name in files:
            if name.endswith("manifest.json"):
                root = name[: -len("manifest.json")]
                manifest = loads_lenient(files[name])
                kinds = {as_dict(m).get("type") for m in as_list(as_dict(manifest).get("modules"))}
                if "resources" in kinds or root.rstrip("/").endswith("_RP"):
                    roots[root] = "rp"
                elif kinds & {"data", "script"} or root.rstrip("/").endswith("_BP"):
                    roots[root] = "bp"
        if not roots:
            self.problem = "no pack manifest in the add-on"
        for name, data in files.items():
            best = max((r for r in roots if name.startswith(r)), key=len, default=None)
            if best is None:
                continue
            (self.bp if roots[best] == "bp" else self.rp)[name[len(best):]] = data

    def json(self, pack, path):
        data = (self.bp if pack == "bp" else self.rp).get(path)
        return None if data is None else loads_lenient(data)

    def under(self, pack, folder, suffix=".json"):
        files = self.bp if pack == "bp" else self.rp
        return sorted(p for p in files if p.startswith(folder) and p.endswith(suffix))


def atlas_paths(entry):
    """Texture paths of a terrain/item atlas entry: string, list of strings or {path}."""
    value = as_dict(entry).get("textures")
    values = value if isinstance(value, list) else [value]
    paths = []
    for item in values:
        if isinstance(item, str):
            paths.append(item)
        elif isinstance(item, dict) and isinstance(item.get("path"), str):
            paths.append(item["path"])
    return paths


def is_placeholder(key, path):
    return bool(re.search(r"(^|/)textures/blocks/[^/]+/missing_texture$", path or "")) or (
        key.endswith("_missing_texture") and (path or "").endswith("missing_texture"))


class TextureResolver:
    def __init__(self, addon, ref, atlas, vanilla_keys):
        self.addon, self.ref = addon, ref
        data = addon.json("rp", atlas)
        self.atlas_present = data is not None
        self.entries = as_dict(as_dict(data).get("texture_data"))
        self.vanilla_keys = vanilla_keys

    def path_ok(self, path):
        if not isinstance(path, str):
            return False
        return (path + ".png") in self.addon.rp or (path + ".tga") in self.addon.rp or path in self.ref.texture_paths \
            or path.endswith(".png") and path in self.addon.rp

    def check(self, key):
        """None when the key shows a real texture, else why not (a short category)."""
        if not isinstance(key, str) or not key:
            return "no texture key"
        if key in self.entries:
            paths = atlas_paths(self.entries[key])
            if not paths:
                return "atlas entry without a path"
            for path in paths:
                if is_placeholder(key, path):
                    return "placeholder texture"
            for path in paths:
                if not self.path_ok(path):
                    return "texture path neither in the RP nor vanilla"
            return None
        if key in self.vanilla_keys:
            return None
        return "texture key not in the atlas (nor a vanilla key)"


class Geometries:
    def __init__(self, addon):
        self.info = {}  # id -> (bones, cubes)
        for path in addon.under("rp", "models/"):
            data = addon.json("rp", path)
            if not isinstance(data, dict):
                continue
            for geo in as_list(data.get("minecraft:geometry")):
                ident = as_dict(as_dict(geo).get("description")).get("identifier")
                if isinstance(ident, str):
                    self.info[ident] = self._count(as_dict(geo).get("bones"))
            for key, geo in data.items():
                if key.startswith("geometry."):
                    self.info[key.split(":", 1)[0]] = self._count(as_dict(geo).get("bones"))

    @staticmethod
    def _count(bones):
        bones = as_list(bones)
        cubes = sum(len(as_list(as_dict(b).get("cubes"))) for b in bones)
        return len(bones), cubes

    def check(self, ident):
        if ident is None:
            return None  # no geometry component: Bedrock draws a full block
        if not isinstance(ident, str):
            return "malformed geometry component"
        if ident in BUILTIN_GEOMETRIES:
            return None
        if ident not in self.info:
            return "geometry not defined in the RP"
        if self.info[ident][1] == 0:
            return "geometry without cubes"
        return None


def geometry_of(components):
    geo = as_dict(components).get("minecraft:geometry")
    if isinstance(geo, str):
        return geo, None
    if isinstance(geo, dict):
        return geo.get("identifier"), geo.get("bone_visibility")
    return (None, None) if geo is None else (geo, None)


def instance_keys(components):
    """Texture keys of minecraft:material_instances (aliases followed)."""
    instances = as_dict(as_dict(components).get("minecraft:material_instances"))
    keys = []
    for name, value in instances.items():
        hops = 0
        while isinstance(value, str) and hops < 8:  # an alias to another instance
            value = instances.get(value)
            hops += 1
        if isinstance(value, dict):
            keys.append(value.get("texture"))
        else:
            keys.append(None)
    return keys


def recipe_items(recipe):
    """Item ids a Bedrock recipe references (tags excluded)."""
    found = []

    def item(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            if isinstance(value.get("item"), str):
                found.append(value["item"])
        elif isinstance(value, list):
            for inner in value:
                item(inner)
    for key, body in as_dict(recipe).items():
        if not key.startswith("minecraft:recipe_") or not isinstance(body, dict):
            continue
        for value in as_dict(body.get("key")).values():
            item(value)
        for value in as_list(body.get("ingredients")):
            item(value)
        item(body.get("result"))
        item(body.get("input"))
        item(body.get("output"))
        for name in ("base", "addition", "template"):
            item(body.get(name))
    return [normalise_item(i) for i in found if isinstance(i, str) and i]


def normalise_item(item):
    parts = item.split(":")
    return ":".join(parts[:2]) if len(parts) >= 2 else "minecraft:" + item


def java_recipe_type(recipe):
    recipe = as_dict(recipe)
    kind = recipe.get("type")
    if kind in ("forge:conditional",):
        for option in as_list(recipe.get("recipes")):
            inner = as_dict(as_dict(option).get("recipe")).get("type")
            if isinstance(inner, str):
                kind = inner
                break
    if not isinstance(kind, str) or not kind:
        return "(no type)"
    return kind


def is_vanilla_type(kind):
    if kind in FORGE_ORE_TYPES:
        return True
    ns, _, name = kind.partition(":") if ":" in kind else ("minecraft", "", kind)
    return ns == "minecraft" and name in VANILLA_RECIPE_TYPES


# --------------------------------------------------------------------------------------------------
# One jar


PARENT_SUFFIXES = {"noside", "alt", "post", "side", "open", "left", "right", "top", "bottom", "pressed", "up", "down",
                   "inventory", "tall", "low", "wall", "hinge", "on", "off", "lit", "floor", "ceiling", "hanging",
                   "n", "ne", "nse", "nsew", "ns"}


def parent_family(name):
    """`door` for door_bottom_left_open, `glass_pane` for template_glass_pane_noside_alt, …"""
    tokens = name.split("/")[-1].split("_")
    if tokens and tokens[0] == "template" and len(tokens) > 1:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in PARENT_SUFFIXES:
        tokens = tokens[:-1]
    return "_".join(tokens)


def cause_category(cause):
    if cause.startswith("vanilla parent minecraft:block/"):
        name = cause[len("vanilla parent minecraft:block/"):].split(" ")[0]
        return f"vanilla parent the engine lacks: {parent_family(name)}*"
    if cause.startswith("vanilla texture "):
        return "texture from vanilla (minecraft:*) not in the jar"
    if cause.startswith("texture of another mod"):
        return "texture of another mod"
    return cause


def normalise_reason(text):
    """A report reason with ids and paths generalised, so reasons aggregate."""
    text = re.sub(r"assets/[^\s:]+|data/[^\s:]+", "<entry>", text)
    text = re.sub(r"\b(?!minecraft:)[a-z0-9_.-]+:[a-z0-9_./-]+", "<id>", text)
    text = re.sub(r"minecraft:[a-z0-9_./-]+", "minecraft:<id>", text)
    text = re.sub(r"#[A-Za-z0-9_]+", "#<var>", text)
    text = re.sub(r"\d+(\.\d+)?", "N", text)
    return text.strip()


def engine_report(path):
    out = {"ok": False, "totals": {}, "score": None, "block_reasons": collections.Counter(),
           "block_reason_details": collections.Counter(), "other_reasons": collections.Counter(), "problem": None,
           "item_reasons": collections.Counter()}
    try:
        with open(path, encoding="utf-8") as handle:
            report = json.load(handle)
    except Exception as error:
        out["problem"] = f"report unreadable: {error}"
        return out
    if not isinstance(report, dict):
        out["problem"] = "report is not an object"
        return out
    out["ok"] = True
    out["score"] = report.get("score")
    previews = {"blocks": 0, "alike": 0, "reasons": collections.Counter()}
    for feature in as_list(report.get("features")):
        preview = as_dict(as_dict(feature).get("preview"))
        if as_dict(feature).get("kind") != "block" or not preview:
            continue
        previews["blocks"] += 1
        if not preview.get("looks_different"):
            previews["alike"] += 1
        else:
            previews["reasons"][re.sub(r"\b[a-z0-9_.-]+:[a-z0-9_./-]+", "<id>", str(preview.get("reason")))[:90]] += 1
    out["previews"] = previews
    for kind, counts in as_dict(report.get("totals")).items():
        out["totals"][kind] = {s: int(v) for s, v in as_dict(counts).items() if isinstance(v, (int, float))}
    for feature in as_list(report.get("features")):
        feature = as_dict(feature)
        assumption = as_dict(feature.get("assumption"))
        if not assumption:
            continue
        kind = feature.get("kind")
        if kind in ("block", "item"):
            parts = []
            for part in str(assumption.get("stand_in", "")).split("; "):
                if parts and re.match(r"(the|a|an) (placeholder|empty geometry)", part):
                    parts[-1] += "; " + part
                elif part:
                    parts.append(part)
            if feature.get("status") == "failed":
                parts.append("FAILED: " + str(assumption.get("reason", "")))
            for part in dict.fromkeys(parts):  # each reason once per feature
                if kind == "item":
                    if "placeholder" in part:
                        out["item_reasons"][normalise_reason(part)] += 1
                    continue
                if "placeholder" in part or "empty geometry" in part or "no elements" in part or part.startswith("FAILED"):
                    out["block_reasons"][normalise_reason(part)] += 1
                    detail = re.sub(r"\b(?!minecraft:)[a-z0-9_.-]+:[a-z0-9_./-]+", "<id>", part)
                    detail = re.sub(r"assets/\S+", "<entry>", detail)
                    out["block_reason_details"][detail] += 1
        elif feature.get("status") in ("skipped", "failed", "approximated"):
            reason = str(assumption.get("reason", ""))
            out["other_reasons"][f"{kind}/{feature.get('status')}: {normalise_reason(reason)[:160]}"] += 1
    return out


def measure_jar(jar_path, args):
    name = os.path.basename(jar_path)
    stem = name[:-4] if name.endswith((".jar", ".zip")) else name
    addon_path = os.path.join(args.out, stem + ".mcaddon")
    report_path = os.path.join(args.out, stem + ".report.json")
    result = {"jar": name, "jar_bytes": 0, "exit": None, "status": None, "seconds": None, "stderr": "",
              "problems": []}
    try:
        result["jar_bytes"] = os.path.getsize(jar_path)
    except OSError as error:
        result["problems"].append(f"jar size: {error}")

    # 1. run the CLI
    reuse = args.reuse and os.path.exists(addon_path) and os.path.exists(report_path)
    if not reuse:
        for stale in (addon_path, report_path):
            try:
                os.remove(stale)
            except OSError:
                pass
        command = [args.cli, "convert", jar_path, "-o", addon_path, "--report", report_path]
        if args.previews:
            command += ["--previews", os.path.join(args.out, stem + ".previews")]
        start = time.monotonic()
        try:
            proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=args.timeout)
            result["seconds"] = round(time.monotonic() - start, 3)
            result["exit"] = proc.returncode
            result["stderr"] = proc.stderr.decode("utf-8", "replace").strip()[-2000:]
            if proc.returncode == 0:
                result["status"] = "ok"
            elif proc.returncode == 3:
                result["status"] = "ok-with-failures"
            elif proc.returncode < 0:
                result["status"] = f"crash (signal {-proc.returncode})"
            else:
                result["status"] = f"exit {proc.returncode}"
        except subprocess.TimeoutExpired:
            result["seconds"] = round(time.monotonic() - start, 3)
            result["status"] = "timeout"
        except Exception as error:
            result["seconds"] = round(time.monotonic() - start, 3)
            result["status"] = f"could not run: {error}"
    else:
        result["status"], result["exit"] = "reused", None
        try:
            with open(os.path.join(args.out, stem + ".timing.json"), encoding="utf-8") as handle:
                previous = json.load(handle)
            result.update({k: previous.get(k) for k in ("seconds", "exit", "status", "stderr")})
        except Exception:
            pass
    try:
        with open(os.path.join(args.out, stem + ".timing.json"), "w", encoding="utf-8") as handle:
            json.dump({k: result[k] for k in ("seconds", "exit", "status", "stderr")}, handle)
    except OSError:
        pass

    # 2. the jar, independently
    jar = Jar(jar_path)
    if jar.problem:
        result["problems"].append(jar.problem)
    java_items = jar.items()
    multipart_ids = set()
    for jid, entry in jar.blockstates.items():
        if "multipart" in as_dict(jar.json(entry)):
            multipart_ids.add(jid)
    java_recipe_types = {}
    for rid, entry in jar.recipes.items():
        data = jar.json(entry)
        java_recipe_types[rid] = "(unreadable)" if data is None else java_recipe_type(data)

    result["java"] = {"blocks": len(jar.blockstates), "multipart": len(multipart_ids), "items": len(java_items),
                      "recipes": len(jar.recipes), "foreign_recipes": jar.foreign_recipes,
                      "namespaces": sorted(jar.namespaces)}
    # 3. the add-on
    addon = None
    if os.path.exists(addon_path) and result["status"] in ("ok", "ok-with-failures", "reused"):
        addon = Addon(addon_path)
        if addon.problem:
            result["problems"].append(addon.problem)
            result["addon_malformed"] = True
        if addon.malformed:
            result["problems"] += addon.malformed
    result["addon"] = addon is not None and not addon.problem
    if addon is None or addon.problem:
        addon = None

    blocks = {"java": len(jar.blockstates), "bedrock": 0, "good": 0, "wrong": 0, "bedrock_with_blockstate": 0,
              "good_with_blockstate": 0, "java_missing": 0, "malformed_files": 0, "wrong_list": [],
              "why": collections.Counter(), "causes": collections.Counter(), "cause_categories": collections.Counter()}
    multipart = {"java": len(multipart_ids), "composed": 0, "missing": 0, "not_composed": []}
    items = {"java": len(java_items), "bedrock": 0, "real_icon": 0, "java_missing": 0, "malformed_files": 0,
             "no_icon_list": [], "why": collections.Counter()}
    recipes = {"java": len(jar.recipes), "bedrock": 0, "converted": 0, "vanilla_java": 0, "vanilla_converted": 0,
               "by_type": {}, "ref_violations": 0, "ref_violation_examples": [], "missing_vanilla_examples": []}
    loot = {"bedrock": 0, "invalid": 0, "checked": False, "invalid_list": []}
    validate = None

    if addon is not None:
        terrain = TextureResolver(addon, args.ref, "textures/terrain_texture.json", args.ref.terrain_keys)
        item_atlas = TextureResolver(addon, args.ref, "textures/item_texture.json", args.ref.item_keys)
        geometries = Geometries(addon)
        bedrock_blocks, bedrock_items = {}, {}
        for path in addon.under("bp", "blocks/"):
            data = addon.json("bp", path)
            block = as_dict(as_dict(data).get("minecraft:block"))
            ident = as_dict(block.get("description")).get("identifier")
            if not block or not isinstance(ident, str):
                blocks["malformed_files"] += 1
                continue
            bedrock_blocks[ident.lower()] = block
        for path in addon.under("bp", "items/"):
            data = addon.json("bp", path)
            item = as_dict(as_dict(data).get("minecraft:item"))
            ident = as_dict(item.get("description")).get("identifier")
            if not item or not isinstance(ident, str):
                items["malformed_files"] += 1
                continue
            bedrock_items[ident.lower()] = item
        defined = set(bedrock_blocks) | set(bedrock_items)

        # Blocks.
        blocks["bedrock"] = len(bedrock_blocks)
        for ident, block in sorted(bedrock_blocks.items()):
            why = []
            components = as_dict(block.get("components"))
            layers = [components] + [as_dict(as_dict(p).get("components")) for p in as_list(block.get("permutations"))]
            for index, layer in enumerate(layers):
                for key in instance_keys(layer):
                    problem = terrain.check(key)
                    if problem:
                        why.append(problem)
                if index == 0 or "minecraft:geometry" in layer:
                    geo, _ = geometry_of(layer)
                    problem = geometries.check(geo)
                    if problem:
                        why.append(problem)
            has_state = ident in jar.blockstates
            blocks["bedrock_with_blockstate"] += has_state
            if why:
                blocks["wrong"] += 1
                why = sorted(set(why))
                causes = jar.diagnose(ident)
                for reason in why:
                    blocks["why"][reason] += 1
                for cause in causes or ["(none in the jar: it holds all the block needs; engine-side gap)"]:
                    blocks["causes"][cause] += 1
                for category in sorted({cause_category(c) for c in causes} or {"(none in the jar: engine-side gap)"}):
                    blocks["cause_categories"][category] += 1
                blocks["wrong_list"].append({"id": ident, "why": why, "jar_causes": causes})
            else:
                blocks["good"] += 1
                blocks["good_with_blockstate"] += has_state
        blocks["java_missing"] = sum(1 for jid in jar.blockstates if jid not in bedrock_blocks)

        # Multipart.
        for jid in sorted(multipart_ids):
            block = bedrock_blocks.get(jid)
            if block is None:
                multipart["missing"] += 1
                multipart["not_composed"].append(jid + " (no Bedrock block)")
                continue
            traits = as_dict(as_dict(block.get("description")).get("traits"))
            composed = "minecraft:connection" in traits
            layers = [as_dict(block.get("components"))] + [as_dict(as_dict(p).get("components")) for p in as_list(block.get("permutations"))]
            for layer in layers:
                geo, visibility = geometry_of(layer)
                if isinstance(geo, str) and geometries.info.get(geo, (0, 0))[0] > 1 and visibility:
                    composed = True
            if composed:
                multipart["composed"] += 1
            else:
                multipart["not_composed"].append(jid)

        # Items.
        items["bedrock"] = len(bedrock_items)
        for ident, item in sorted(bedrock_items.items()):
            icon = as_dict(item.get("components")).get("minecraft:icon")
            key = icon if isinstance(icon, str) else (
                as_dict(as_dict(icon).get("textures")).get("default") or as_dict(icon).get("texture"))
            problem = "no minecraft:icon" if icon is None else item_atlas.check(key)
            if problem:
                items["why"][problem] += 1
                items["no_icon_list"].append({"id": ident, "why": problem})
            else:
                items["real_icon"] += 1
        items["java_missing"] = sum(1 for i in java_items if i not in bedrock_items)

        # Recipes.
        bedrock_recipe_paths = set(addon.under("bp", "recipes/"))
        recipes["bedrock"] = len(bedrock_recipe_paths)
        bedrock_recipe_ids = set()
        for path in sorted(bedrock_recipe_paths):
            data = addon.json("bp", path)
            for key, body in as_dict(data).items():
                ident = as_dict(as_dict(body).get("description")).get("identifier")
                if isinstance(ident, str):
                    bedrock_recipe_ids.add(ident)
            for item in recipe_items(data):
                ns = item.split(":", 1)[0]
                if ns != "minecraft" and item.lower() not in defined:
                    recipes["ref_violations"] += 1
                    if len(recipes["ref_violation_examples"]) < 20:
                        recipes["ref_violation_examples"].append(f"{path}: {item}")
        for rid, kind in sorted(java_recipe_types.items()):
            ns, path = rid.split(":", 1)
            converted = f"recipes/{ns}/{path}.json" in bedrock_recipe_paths or \
                f"{ns}:{path.replace('/', '_')}" in bedrock_recipe_ids
            vanilla = is_vanilla_type(kind)
            label = kind if (vanilla or kind.startswith("(")) else kind
            bucket = recipes["by_type"].setdefault(label, [0, 0])
            bucket[0] += 1
            bucket[1] += converted
            recipes["converted"] += converted
            if vanilla:
                recipes["vanilla_java"] += 1
                recipes["vanilla_converted"] += converted
                if not converted and len(recipes["missing_vanilla_examples"]) < 30:
                    recipes["missing_vanilla_examples"].append(rid)

        # Loot tables.
        loot_paths = addon.under("bp", "loot_tables/")
        loot["bedrock"] = len(loot_paths)
        if args.validate:
            validate = run_validator(args.validate, addon_path)
            loot["checked"] = validate.get("ran", False)
            loot["invalid"] = validate.get("loot_failed", 0)
            loot["invalid_list"] = validate.get("loot_failures", [])[:50]
        elif args.loot_validator is not None:
            loot["checked"] = True
            for path in loot_paths:
                data = addon.json("bp", path)
                valid = data is not None
                if valid:
                    try:
                        valid = next(args.loot_validator.iter_errors(data), None) is None
                    except Exception:
                        valid = False
                if not valid:
                    loot["invalid"] += 1
                    if len(loot["invalid_list"]) < 50:
                        loot["invalid_list"].append(path)

    result.update({"blocks": blocks, "multipart": multipart, "items": items, "recipes": recipes, "loot": loot,
                   "validate": validate})
    result["engine"] = engine_report(report_path) if os.path.exists(report_path) else {
        "ok": False, "problem": "no report", "totals": {}, "block_reasons": collections.Counter(),
        "block_reason_details": collections.Counter(), "other_reasons": collections.Counter(), "score": None,
        "item_reasons": collections.Counter()}
    if args.drop_addons:
        try:
            os.remove(addon_path)
        except OSError:
            pass
    return result


def run_validator(tool, addon_path):
    out = {"ran": False, "exit": None, "failed": 0, "passed": 0, "loot_failed": 0, "loot_failures": [],
           "failures_by_folder": {}}
    try:
        proc = subprocess.run([sys.executable, tool, "--quiet", addon_path] if tool.endswith(".py") or _is_python(tool)
                              else [tool, "--quiet", addon_path],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=1800)
    except Exception as error:
        out["error"] = str(error)
        return out
    out["ran"], out["exit"] = True, proc.returncode
    folders = collections.Counter()
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        match = re.match(r"FAIL (.+?)(?: \[|: )", line)
        if match:
            name = match.group(1)
            out["failed"] += 1
            inner = name.split("/", 1)[1] if "/" in name else name
            folders[inner.split("/", 1)[0]] += 1
            if "loot_tables/" in name:
                out["loot_failed"] += 1
                out["loot_failures"].append(name)
        match = re.match(r"(\d+) passed, (\d+) failed", line)
        if match:
            out["passed"] = int(match.group(1))
    out["failures_by_folder"] = dict(folders)
    if proc.returncode not in (0, 1):
        out["error"] = proc.stderr.decode("utf-8", "replace")[-500:]
    return out


def _is_python(tool):
    try:
        with open(tool, "rb") as handle:
            return b"python" in handle.readline()
    except OSError:
        return False


def measure_safely(jar_path, args):
    try:
        return measure_jar(jar_path, args)
    except Exception as error:  # never crash the run
        import traceback
        return {"jar": os.path.basename(jar_path), "status": "measure-error", "exit": None, "seconds": None,
                "jar_bytes": os.path.getsize(jar_path) if os.path.exists(jar_path) else 0,
                "problems": [f"measurement crashed: {error}", traceback.format_exc()[-1500:]]}


# --------------------------------------------------------------------------------------------------
# Totals and output


def pct(part, whole):
    return f"{100.0 * part / whole:5.1f} %" if whole else "  n/a  "


def summarise(results, wall_total):
    total = collections.Counter()
    engine_totals = collections.defaultdict(collections.Counter)
    why_blocks, causes, why_items = collections.Counter(), collections.Counter(), collections.Counter()
    categories = collections.Counter()
    engine_reasons, engine_details, engine_other = collections.Counter(), collections.Counter(), collections.Counter()
    engine_items = collections.Counter()
    preview_reasons = collections.Counter()
    by_type = collections.defaultdict(lambda: [0, 0])
    failures, speeds = [], []
    for r in results:
        status = r.get("status")
        if status not in ("ok", "ok-with-failures", "reused"):
            failures.append((r["jar"], status, (r.get("stderr") or "")[:200] or "; ".join(r.get("problems", []))[:200]))
        total["jars"] += 1
        total["exit3"] += status == "ok-with-failures"
        total["jar_bytes"] += r.get("jar_bytes") or 0
        if r.get("seconds"):
            total["seconds"] += r["seconds"]
            speeds.append((r.get("jar_bytes") or 0) / 1048576 / r["seconds"])
        if r.get("addon_malformed"):
            total["addon_malformed"] += 1
        b, m, i, rc, lt = (r.get(k, {}) for k in ("blocks", "multipart", "items", "recipes", "loot"))
        for key in ("java", "bedrock", "good", "wrong", "bedrock_with_blockstate", "good_with_blockstate", "java_missing", "malformed_files"):
            total["blocks_" + key] += b.get(key, 0)
        why_blocks.update(b.get("why", {}))
        causes.update(b.get("causes", {}))
        categories.update(b.get("cause_categories", {}))
        for key in ("java", "composed", "missing"):
            total["multipart_" + key] += m.get(key, 0)
        for key in ("java", "bedrock", "real_icon", "java_missing", "malformed_files"):
            total["items_" + key] += i.get(key, 0)
        why_items.update(i.get("why", {}))
        for key in ("java", "bedrock", "converted", "vanilla_java", "vanilla_converted", "ref_violations"):
            total["recipes_" + key] += rc.get(key, 0)
        for kind, (n, c) in rc.get("by_type", {}).items():
            by_type[kind][0] += n
            by_type[kind][1] += c
        total["loot_bedrock"] += lt.get("bedrock", 0)
        total["loot_invalid"] += lt.get("invalid", 0)
        total["loot_checked_jars"] += bool(lt.get("checked"))
        v = r.get("validate") or {}
        if v.get("ran"):
            total["validated_addons"] += 1
            total["invalid_addons"] += v.get("exit") != 0
            total["invalid_files"] += v.get("failed", 0)
        e = r.get("engine") or {}
        total["engine_reports"] += bool(e.get("ok"))
        total["engine_reports_bad"] += not e.get("ok") and r.get("addon", False)
        for kind, counts in e.get("totals", {}).items():
            engine_totals[kind].update(counts)
        engine_reasons.update(e.get("block_reasons", {}))
        engine_details.update(e.get("block_reason_details", {}))
        engine_other.update(e.get("other_reasons", {}))
        engine_items.update(e.get("item_reasons", {}))
        p = e.get("previews") or {}
        total["preview_blocks"] += p.get("blocks", 0)
        total["preview_alike"] += p.get("alike", 0)
        preview_reasons.update(p.get("reasons", {}))
    summary = {
        "totals": dict(total),
        "wall_seconds_total": round(wall_total, 1),
        "throughput_mib_per_s": round(total["jar_bytes"] / 1048576 / total["seconds"], 3) if total["seconds"] else None,
        "median_mib_per_s": round(statistics.median(speeds), 3) if speeds else None,
        "preview_reasons": dict(preview_reasons.most_common(20)),
        "block_wrong_why": dict(why_blocks.most_common()),
        "block_wrong_cause_categories": dict(categories.most_common(40)),
        "block_wrong_jar_causes": dict(causes.most_common(60)),
        "item_no_icon_why": dict(why_items.most_common()),
        "recipes_by_type": {k: {"java": v[0], "converted": v[1]} for k, v in sorted(by_type.items(), key=lambda kv: -kv[1][0])},
        "engine_totals": {k: dict(v) for k, v in sorted(engine_totals.items())},
        "engine_block_reasons": dict(engine_reasons.most_common(40)),
        "engine_block_reason_details": dict(engine_details.most_common(60)),
        "engine_item_reasons": dict(engine_items.most_common(20)),
        "engine_other_reasons": dict(engine_other.most_common(40)),
        "failures": [{"jar": j, "status": s, "message": m} for j, s, m in failures],
        "slowest": [{"jar": r["jar"], "seconds": r.get("seconds"), "mib": round((r.get("jar_bytes") or 0) / 1048576, 2)}
                    for r in sorted(results, key=lambda r: -(r.get("seconds") or 0))[:10]],
    }
    return summary


def render(summary):
    t = collections.Counter(summary["totals"])
    lines = []
    add = lines.append
    add(f"jars: {t['jars']}  written: {t['jars'] - len(summary['failures'])} (exit 3: {t['exit3']})  "
        f"failed: {len(summary['failures'])}  malformed add-ons: {t['addon_malformed']}  "
        f"engine reports read: {t['engine_reports']}")
    for f in summary["failures"]:
        add(f"  FAILED {f['jar']}: {f['status']}: {f['message']}")
    add(f"1 blocks     java {t['blocks_java']}  bedrock {t['blocks_bedrock']} (java blockstates without one: {t['blocks_java_missing']})  "
        f"look right {t['blocks_good']}/{t['blocks_bedrock']} = {pct(t['blocks_good'], t['blocks_bedrock'])} [goal 95 %]  "
        f"with a blockstate: {t['blocks_good_with_blockstate']}/{t['blocks_bedrock_with_blockstate']} = "
        f"{pct(t['blocks_good_with_blockstate'], t['blocks_bedrock_with_blockstate'])}")
    add("             wrong because: " + ", ".join(f"{k} {v}" for k, v in summary["block_wrong_why"].items()))
    add(f"2 multipart  java {t['multipart_java']}  composed {t['multipart_composed']} = "
        f"{pct(t['multipart_composed'], t['multipart_java'])} [goal 90 %]  (no Bedrock block: {t['multipart_missing']})")
    add(f"3 items      java {t['items_java']}  bedrock {t['items_bedrock']} (java items without one: {t['items_java_missing']})  "
        f"real icon {t['items_real_icon']}/{t['items_bedrock']} = {pct(t['items_real_icon'], t['items_bedrock'])} [goal 98 %]  "
        + ", ".join(f"{k} {v}" for k, v in summary["item_no_icon_why"].items()))
    add(f"4 recipes    java {t['recipes_java']}  bedrock files {t['recipes_bedrock']}  converted {t['recipes_converted']} = "
        f"{pct(t['recipes_converted'], t['recipes_java'])} [goal 85 %]  vanilla types {t['recipes_vanilla_converted']}/"
        f"{t['recipes_vanilla_java']} = {pct(t['recipes_vanilla_converted'], t['recipes_vanilla_java'])} [goal 95 %]  "
        f"unknown item refs: {t['recipes_ref_violations']}")
    top = list(summary["recipes_by_type"].items())[:12]
    add("             by type: " + ", ".join(f"{k} {v['converted']}/{v['java']}" for k, v in top))
    if t["loot_checked_jars"]:
        add(f"5 loot       bedrock {t['loot_bedrock']}  invalid {t['loot_invalid']}  "
            + (f"add-ons validated {t['validated_addons']}, invalid add-ons {t['invalid_addons']} ({t['invalid_files']} files)"
               if t["validated_addons"] else "(in-process jsonschema)"))
    else:
        add(f"5 loot       bedrock {t['loot_bedrock']}  not validated (no --validate and no jsonschema)")
    add(f"6 throughput {t['jar_bytes'] / 1048576:.1f} MiB in {t['seconds']:.1f} s CLI wall = {summary['throughput_mib_per_s']} MiB/s  "
        f"(median per jar {summary['median_mib_per_s']} MiB/s; whole run {summary['wall_seconds_total']} s)")
    add("7 engine     " + "  ".join(
        f"{k}: " + "/".join(str(v.get(s, 0)) for s in ("converted", "approximated", "skipped", "failed"))
        for k, v in summary["engine_totals"].items()) + "  (converted/approximated/skipped/failed)")
    add("  top jar-side causes of wrong blocks (blocks): " + "; ".join(
        f"{k} ({v})" for k, v in list(summary["block_wrong_cause_categories"].items())[:15]))
    add("  top engine block reasons: " + "; ".join(
        f"{k} ({v})" for k, v in list(summary["engine_block_reasons"].items())[:10]))
    if t.get("preview_blocks"):
        add(f"8 previews   blocks alike (score ≥ 0.85) {t['preview_alike']}/{t['preview_blocks']} = "
            f"{100 * t['preview_alike'] / t['preview_blocks']:5.1f} % [goal 90 %]  looking different because: "
            + "; ".join(f"{k} ({v})" for k, v in list(summary["preview_reasons"].items())[:8]))
    add("  slowest: " + ", ".join(f"{s['jar']} {s['seconds']} s ({s['mib']} MiB)" for s in summary["slowest"][:5]))
    return "\n".join(lines)


def counters_to_dicts(value):
    if isinstance(value, collections.Counter):
        return dict(value.most_common())
    if isinstance(value, dict):
        return {k: counters_to_dicts(v) for k, v in value.items()}
    if isinstance(value, list):
        return [counters_to_dicts(v) for v in value]
    return value


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    shared = os.path.normpath(os.path.join(here, "..", "..", "shared"))
    if not os.path.isdir(shared):
        shared = "/work/shared"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True, help="the conversion executable")
    parser.add_argument("--jars", required=True, nargs="+", help="jar files or folders of jars")
    parser.add_argument("--out", default="fidelity-out", help="where add-ons and reports go (default ./fidelity-out)")
    parser.add_argument("--jobs", type=int, default=1, help="jars measured at once (default 1)")
    parser.add_argument("--json", help="write the summary and per-jar details here")
    parser.add_argument("--validate", help="path of shared/tools/validate-bedrock: validate each whole add-on")
    parser.add_argument("--refdata", default=os.path.join(shared, "refdata", "bedrock-vanilla-textures.json"))
    parser.add_argument("--schemas", default=os.path.join(shared, "bedrock-schemas"))
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per jar (default 300)")
    parser.add_argument("--reuse", action="store_true", help="re-measure add-ons already in --out instead of converting")
    parser.add_argument("--drop-addons", action="store_true", help="delete each add-on after measuring it")
    parser.add_argument("--previews", action="store_true", help="also draw previews (--previews) and count blocks that look alike")
    args = parser.parse_args(argv)

    jars = []
    for item in args.jars:
        if os.path.isdir(item):
            jars += sorted(os.path.join(item, f) for f in os.listdir(item) if f.endswith((".jar", ".zip")))
        else:
            jars.append(item)
    if not jars:
        print("no jars", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    args.cli = os.path.abspath(args.cli)
    args.ref = RefData(args.refdata)
    if args.ref.problem:
        print(f"warning: {args.ref.problem}", file=sys.stderr)
    VANILLA_MODELS.update(load_vanilla_models(os.path.join(os.path.dirname(args.refdata), "vanilla-java-models")))
    args.loot_validator = None
    if not args.validate:
        try:
            from jsonschema import Draft7Validator
            with open(os.path.join(args.schemas, "behavior", "loot_tables", "loot_tables.json"), encoding="utf-8") as handle:
                args.loot_validator = Draft7Validator(json.load(handle))
        except Exception:
            args.loot_validator = None

    start = time.monotonic()
    results = []
    if args.jobs <= 1:
        for index, jar in enumerate(jars, 1):
            result = measure_safely(jar, args)
            results.append(result)
            progress(index, len(jars), result)
    else:
        with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
            futures = {pool.submit(measure_safely, jar, args): jar for jar in jars}
            for index, future in enumerate(concurrent.futures.as_completed(futures), 1):
                try:
                    result = future.result()
                except Exception as error:
                    result = {"jar": os.path.basename(futures[future]), "status": "measure-error", "problems": [str(error)]}
                results.append(result)
                progress(index, len(jars), result)
    results.sort(key=lambda r: r["jar"])
    summary = summarise(results, time.monotonic() - start)
    text = render(summary)
    print(text)
    if args.json:
        per_jar = []
        for r in results:
            r = counters_to_dicts(r)
            if isinstance(r.get("engine"), dict):
                r["engine"] = {k: v for k, v in r["engine"].items() if k not in ("other_reasons",)}
            per_jar.append(r)
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"cli": args.cli, "summary": summary, "text": text, "jars": per_jar}, handle, indent=1, sort_keys=False)
    return 0


def progress(index, count, result):
    b = result.get("blocks") or {}
    i = result.get("items") or {}
    rc = result.get("recipes") or {}
    print(f"[{index}/{count}] {result.get('jar')}: {result.get('status')} {result.get('seconds')} s  "
          f"blocks {b.get('good', 0)}/{b.get('bedrock', 0)}  items {i.get('real_icon', 0)}/{i.get('bedrock', 0)}  "
          f"recipes {rc.get('converted', 0)}/{rc.get('java', 0)}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
