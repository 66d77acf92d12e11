/** A minimal INI reader for the Tencent Cloud credentials file: `[profile]` sections of `key = value`. */

export type IniSections = Map<string, Map<string, string>>;

export function parseIni(text: string): IniSections {
    const sections: IniSections = new Map();
    let current: Map<string, string> | undefined;
    for (const rawLine of text.split(/\r?\n/)) {
        const line = rawLine.trim();
        if (line === "" || line.startsWith("#") || line.startsWith(";")) {
            continue;
        }
        const section = /^\[\s*([^\]]*?)\s*\]$/.exec(line);
        if (section) {
            current = sections.get(section[1]) ?? new Map();
            sections.set(section[1], current);
            continue;
        }
        const eq = line.indexOf("=");
        if (eq <= 0 || !current) {
            continue; // keys outside a section, or lines without '=', are ignored like the SDKs do
        }
        const key = line.slice(0, eq).trim().toLowerCase();
        current.set(key, unquote(line.slice(eq + 1).trim()));
    }
    return sections;
}

function unquote(value: string): string {
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) {
        return value.slice(1, -1);
    }
    return value;
}
