-- render.lua: a pandoc Lua filter (pandoc >= 2.17, nothing else) that turns the files of the literate document into
-- ONE HTML document (`make paper`, paper/render.sh). Pandoc is given every paper/*.md as input; the filter ignores
-- the concatenation pandoc makes of them and reads each file itself (GitHub-flavoured Markdown, as the files are
-- written to be read on GitHub), so that every link and id is rewritten knowing which file it came from:
--   - order: README.md first (the front matter and table of contents), then the files its tables link to, in the
--     order they link them (all its links if it has no table), then any other input file in name order;
--   - a tagged number, 0.0047<!-- k="TABLE:ROW:COLUMN" --> (the repository page shows the bare number), becomes a
--     span holding a link to its table's row (TABLE#LN, N the row's line, as the repository page numbers a file's
--     lines), whose tooltip is the key (paper/4.5-statistics.md, (4.5.15));
--   - a paragraph ending with <!-- trace --> (the line under a figure, (4.5.27)) becomes a <div class="trace">;
--   - each file becomes a <div id="STEM"> (STEM: its name without .md), and every id inside it is prefixed with
--     "STEM--", so that the headings the files share ("Equations", "Deviations ...") stay unique;
--   - a link to a file of the document, [4.2](4.2-layernorm.md) or (4.2-layernorm.md#equations), becomes #4.2-layernorm
--     or #4.2-layernorm--equations; a link to #x inside a file becomes #STEM--x;
--   - a link to any other relative path, e.g. ../src/inorm/net.c, is resolved against the document's directory and written
--     relative to the output file (metadata paper-root: the way from the output's directory back to the repository
--     root), so it points into the checkout; a path that leaves the repository becomes plain text;
--   - an image's relative path is resolved the same way; the file is embedded as a data: URI (base64), so that the
--     output is one file that works offline; a missing file is reported on stderr and left as a path relative to
--     the output, where verify/paper_html_check.sh finds it missing (pandoc's own --self-contained would stop at
--     the first missing image instead of letting the check list them all); an image alone in its paragraph
--     becomes a figure with its alt text as caption.
-- What it does not do: check anything (verify/paper_html_check.sh does), or touch URLs with a scheme.

local stringify = pandoc.utils.stringify
-- GitHub's Markdown; bracketed spans are read as well, so that [text]{.class} works, though the text's tagged numbers
-- are comments (tag_numbers below); and TeX math between dollars, $...$ and $$...$$, as the repository page reads it
-- (the same extensions as render.sh's --from)
READER = 'gfm+bracketed_spans+tex_math_dollars'

-- The line of TABLE (a path from the repository root) that ROW selects, as numcheck.h reads a key: items separated
-- by commas, "name=value" (column name equals value) or plain (the next leading column equals it), numbers equal
-- as numbers; nil unless exactly one row matches (the numbers check reports the others).
local row_lines = {}
local function same_field(a, b)
  local x, y = tonumber(a), tonumber(b)
  if x and y then return x == y end
  return a == b
end
local function split(str, sep)
  local out = {}
  for part in (str .. sep):gmatch('(.-)' .. sep) do table.insert(out, part) end
  return out
end
local function row_line(table_path, row)
  local memo = table_path .. '\0' .. row
  if row_lines[memo] ~= nil then return row_lines[memo] or nil end
  local f, found, header, n = io.open(table_path, 'r'), nil, nil, 0
  if f then
    local items = split(row, ',')
    for line in f:lines() do
      n = n + 1
      if line:sub(1, 1) ~= '#' and line ~= '' then
        local fields = split(line, '\t')
        if not header then
          header = {}
          for i, name in ipairs(fields) do header[name] = i end
        else
          local ok, lead = true, 0
          for _, item in ipairs(items) do
            local name, value = item:match('^([^=]+)=(.*)$')
            if name and header[name] then
              ok = same_field(fields[header[name]] or '', value)
            else
              lead = lead + 1
              ok = same_field(fields[lead] or '', item)
            end
            if not ok then break end
          end
          if ok then
            if found then found = false break end
            found = n
          end
        end
      end
    end
    f:close()
  end
  row_lines[memo] = found or false
  return found or nil
end

-- A number followed by its key comment: a Str ending in the number, then RawInline html <!-- k="KEY" -->. The
-- pair becomes the Str's other text and a span (data-k, tooltip) holding the number as a link to the key's table,
-- written relative to the document's directory (TABLE: under data/summary/ unless it starts with data/ or paper/).
local function tag_numbers(inlines)
  local out, changed = {}, false
  for _, el in ipairs(inlines) do
    local key = el.t == 'RawInline' and el.format == 'html' and el.text:match('^<!%-%- k="(.-)" %-%->$')
    local prev = out[#out]
    if key and prev and prev.t == 'Str' then
      local head, num = prev.text:match('^(.-)([%d%.eE+%-\226\136\146]+)$')
      local lead = num and num:match('^[eE+]+') or ''
      if num and #lead < #num then
        head, num = head .. lead, num:sub(#lead + 1)
        local table_path = key:match('^([^:]*)') or ''
        if not (table_path:match('^data/') or table_path:match('^paper/')) then
          table_path = 'data/summary/' .. table_path
        end
        local row = key:match('^[^:]*:(.*):[^:]*$')
        local line = row and row_line(table_path, row)
        out[#out] = nil
        if head ~= '' then table.insert(out, pandoc.Str(head)) end
        table.insert(out, pandoc.Span({pandoc.Link({pandoc.Str(num)}, '../' .. table_path .. (line and ('#L' .. line) or ''))},
          pandoc.Attr('', {'num'}, {k = key})))
        changed = true
        goto continue
      end
    end
    table.insert(out, el)
    ::continue::
  end
  if changed then return out end
end

local function basename(p) return p:match('([^/]*)$') end
local function dirname(p) return p:match('^(.*)/[^/]*$') or '.' end

-- normalize('paper/../figures/a.svg') == 'figures/a.svg'; leading '..' segments are kept
local function normalize(p)
  local absolute = p:sub(1, 1) == '/'
  local out = {}
  for seg in p:gmatch('[^/]+') do
    if seg == '..' and #out > 0 and out[#out] ~= '..' then
      table.remove(out)
    elseif seg ~= '.' and not (seg == '..' and absolute and #out == 0) then
      table.insert(out, seg)
    end
  end
  local s = table.concat(out, '/')
  if absolute then return '/' .. s end
  return s == '' and '.' or s
end

local function has_scheme(t) return t:match('^[%a][%w+.-]*:') ~= nil or t:sub(1, 2) == '//' end

local function read_file(path)
  local f = assert(io.open(path, 'r'))
  local text = f:read('a')
  f:close()
  return text
end

local B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
local function base64(data)
  local out, n = {}, #data
  for i = 1, n, 3 do
    local a, b, c = data:byte(i, i + 2)
    local v = (a << 16) | ((b or 0) << 8) | (c or 0)
    local q = {(v >> 18) & 63, (v >> 12) & 63, (v >> 6) & 63, v & 63}
    for k = 1, 4 do q[k] = B64:sub(q[k] + 1, q[k] + 1) end
    if not b then q[3] = '=' end
    if not c then q[4] = '=' end
    out[#out + 1] = table.concat(q)
  end
  return table.concat(out)
end

local MIME = {svg = 'image/svg+xml', png = 'image/png', jpg = 'image/jpeg', jpeg = 'image/jpeg', gif = 'image/gif',
  webp = 'image/webp'}

-- the image at path (relative to the working directory) as a data: URI, or nil if it cannot be read
local function data_uri(path)
  local mime = MIME[(path:match('%.([%w]+)$') or ''):lower()]
  local f = mime and io.open(path, 'rb')
  if not f then return nil end
  local bytes = f:read('a')
  f:close()
  return 'data:' .. mime .. ';base64,' .. base64(bytes)
end

local function prefix_id(el, stem)
  if el.identifier and el.identifier ~= '' then el.identifier = stem .. '--' .. el.identifier end
  return el
end

-- The claims at a glance, the document's first section: one row per claim of the claims reports (report-quick.md,
-- and report-paper.md when the document has it), with what the paper says, its own numbers, and the verdict at
-- each scale, all taken from the reports' "Claims" tables (generated from the committed results; nothing here is
-- typed). nil when the document has no report-quick.md.
local function cell_text(cell) return stringify(pandoc.Div(cell.contents)) end
local function claims_table(doc_blocks)
  local found
  pandoc.walk_block(pandoc.Div(doc_blocks), {
    Table = function(t)
      local head = t.head.rows[1]
      if not found and head and cell_text(head.cells[1]) == 'claim' then found = t end
    end
  })
  if not found then return nil end
  local cols = {}
  for i, c in ipairs(found.head.rows[1].cells) do cols[cell_text(c)] = i end
  return found, cols
end
local function claims_at_a_glance(parse, by_name)
  if not by_name['report-quick.md'] then return nil end
  -- read afresh: the table is taken apart below, and the report's own section must stay whole
  local quick, qc = claims_table(pandoc.read(read_file(by_name['report-quick.md']), READER).blocks)
  if not quick or not qc['verdict'] or not qc['what the paper says'] or not qc["the paper's numbers"] then
    return nil
  end
  local paper_verdict = {}
  if by_name['report-paper.md'] then
    local paper, pc = claims_table(parse('report-paper.md').blocks)
    if paper and pc['verdict'] then
      for _, row in ipairs(paper.bodies[1].body) do
        paper_verdict[cell_text(row.cells[1])] = row.cells[pc['verdict']]
      end
    end
  end
  local function text_cell(like, text)
    local c = {}
    for k, v in pairs(like) do c[k] = v end
    c.contents = {pandoc.Plain({pandoc.Str(text)})}
    return c
  end
  local pick = {1, qc['what the paper says'], qc["the paper's numbers"], qc['verdict']}
  local sec = qc['section']
  local t = quick
  local function pick_cells(row, paper_cell)
    local cells = {}
    for _, k in ipairs(pick) do table.insert(cells, row.cells[k]) end
    table.insert(cells, paper_cell)
    if sec then table.insert(cells, row.cells[sec]) end
    row.cells = cells
    return row
  end
  local specs = {}
  for k = 1, #pick + 1 + (sec and 1 or 0) do specs[k] = quick.colspecs[1] end
  t.colspecs = specs
  local head = t.head.rows[1]
  local labels = {'claim', 'what the paper says', "the paper's own values", 'verdict, quick scale', 'verdict, paper scale'}
  pick_cells(head, text_cell(head.cells[1], ''))
  for k, label in ipairs(labels) do head.cells[k] = text_cell(head.cells[k], label) end
  for _, row in ipairs(t.bodies[1].body) do
    local id = cell_text(row.cells[1])
    pick_cells(row, paper_verdict[id] or text_cell(row.cells[1], 'not yet at this scale'))
  end
  local intro = pandoc.read('Each claim of the two papers, what the paper reports, and our verdict at each scale, ' ..
    'from the claims reports ([quick scale](report-quick.md)' ..
    (by_name['report-paper.md'] and ', [paper scale](report-paper.md)' or '') ..
    '), which say how each verdict was reached; a verdict of "–" is one the scale cannot judge.', READER).blocks
  local blocks = {pandoc.Header(1, {pandoc.Str('Claims'), pandoc.Space(), pandoc.Str('at'), pandoc.Space(),
    pandoc.Str('a'), pandoc.Space(), pandoc.Str('glance')}, pandoc.Attr('claims'))}
  for _, b in ipairs(intro) do table.insert(blocks, b) end
  table.insert(blocks, t)
  return blocks
end

function Pandoc(doc)
  local inputs = PANDOC_STATE.input_files
  local dir = dirname(inputs[1])
  local by_name = {}
  for _, f in ipairs(inputs) do
    if dirname(f) ~= dir then
      error('render.lua: every input must be in one directory: ' .. f .. ' is not in ' .. dir)
    end
    by_name[basename(f)] = f
  end
  if not by_name['README.md'] then error('render.lua: ' .. dir .. '/README.md (the front matter) is not an input') end
  local root = doc.meta['paper-root'] and stringify(doc.meta['paper-root']) or ''
  if root ~= '' and root:sub(-1) ~= '/' then root = root .. '/' end

  local parsed, order, seen = {}, {}, {}
  local function add(name)
    if by_name[name] and not seen[name] then
      seen[name] = true
      table.insert(order, name)
    end
  end
  local function parse(name)
    parsed[name] = parsed[name] or pandoc.read(read_file(by_name[name]), READER)
    return parsed[name]
  end

  -- the order: README.md, the files its tables link to (all its links if it has no table), the rest by name
  add('README.md')
  local add_links = {
    Link = function(l)
      local file = l.target:match('^([^#/]+%.md)$') or l.target:match('^([^#/]+%.md)#')
      if file and not has_scheme(l.target) then add(file) end
    end
  }
  local readme, tables = pandoc.Div(parse('README.md').blocks), 0
  pandoc.walk_block(readme, {
    Table = function(t)
      tables = tables + 1
      pandoc.walk_block(pandoc.Div({t}), add_links)
    end
  })
  if tables == 0 then pandoc.walk_block(readme, add_links) end
  local rest = {}
  for name in pairs(by_name) do if not seen[name] then table.insert(rest, name) end end
  table.sort(rest)
  for _, name in ipairs(rest) do add(name) end

  local blocks = {}
  -- one file's blocks (or the generated claims at a glance, name nil) as the document's section STEM
  local function section(file_blocks, name, stem)
    local body = pandoc.walk_block(pandoc.Div(file_blocks), {Inlines = tag_numbers})
    body = pandoc.walk_block(body, {
      Header = function(el) return prefix_id(el, stem) end,
      Div = function(el) return prefix_id(el, stem) end,
      Span = function(el)
        if el.attributes.k and not el.attributes.title then el.attributes.title = 'from ' .. el.attributes.k end
        return prefix_id(el, stem)
      end,
      Table = function(el)
        -- a table of many columns gets a smaller type and cells that may break anywhere (class wide)
        if #el.colspecs > 8 then
          local attr = el.attr
          table.insert(attr.classes, 'wide')
          el.attr = attr
        end
        return el
      end,
      Code = function(el) return prefix_id(el, stem) end,
      CodeBlock = function(el) return prefix_id(el, stem) end,
      Image = function(el)
        prefix_id(el, stem)
        if has_scheme(el.src) then return el end
        local path = el.src:sub(1, 1) == '/' and el.src or normalize(dir .. '/' .. el.src)
        local uri = data_uri(path)
        if uri then
          el.src = uri
        else
          io.stderr:write('render.lua: ' .. (by_name[name] or stem) .. ': image ' .. el.src .. ' cannot be read (' .. path ..
            '): left as a link\n')
          el.src = path:sub(1, 1) == '/' and path or root .. path
        end
        return el
      end,
      Link = function(el)
        prefix_id(el, stem)
        local t = el.target
        if has_scheme(t) or t == '' then return el end
        local path, frag = t:match('^([^#]*)#(.*)$')
        if not path then path, frag = t, nil end
        if path == '' then
          el.target = '#' .. stem .. '--' .. frag
        elseif path:match('^[^/]+%.md$') and seen[path] then
          local other = path:gsub('%.md$', '')
          el.target = '#' .. other .. (frag and frag ~= '' and ('--' .. frag) or '')
        elseif path:sub(1, 1) ~= '/' then
          local repo_path = normalize(dir .. '/' .. path)
          if repo_path:match('^%.%.') then return el.content end  -- outside the repository: text
          if repo_path:sub(1, 1) ~= '/' then repo_path = root .. repo_path end  -- DIR given as an absolute path
          el.target = repo_path .. (frag and ('#' .. frag) or '')
        end
        return el
      end,
    })
    -- an image alone in its paragraph: a figure (pandoc 2.x marks it by a title starting with "fig:")
    body = pandoc.walk_block(body, {
      Para = function(p)
        local c = p.content
        if #c == 1 and c[1].t == 'Image' and not c[1].title:match('^fig:') then
          c[1].title = 'fig:' .. c[1].title
          return pandoc.Para(c)
        end
        local last = c[#c]
        if last and last.t == 'RawInline' and last.format == 'html' and last.text == '<!-- trace -->' then
          local rest = {}
          for k = 1, #c - 1 do rest[k] = c[k] end
          while rest[#rest] and rest[#rest].t == 'Space' do table.remove(rest) end
          return pandoc.Div({pandoc.Para(rest)}, pandoc.Attr('', {'trace'}))
        end
      end
    })
    return pandoc.Div(body.content, pandoc.Attr(stem, {'paper-section'}))
  end
  local glance = claims_at_a_glance(parse, by_name)
  if glance then
    table.insert(blocks, section(glance, nil, 'at-a-glance'))
  end
  local sections = {}
  for _, name in ipairs(order) do
    table.insert(sections, section(parse(name).blocks, name, (name:gsub('%.md$', ''))))
  end
  -- the table of contents: each section by its first heading, after the claims at a glance (pandoc's own --toc
  -- does not look into the sections' divs)
  local toc = {}
  for _, div in ipairs(sections) do
    local first
    pandoc.walk_block(div, {Header = function(h) first = first or h end})
    local target = '#' .. div.identifier
    local label = first and first.content or {pandoc.Str(div.identifier)}
    table.insert(toc, {pandoc.Plain({pandoc.Link(label, target)})})
  end
  table.insert(blocks, pandoc.Div({pandoc.Header(1, {pandoc.Str('Contents')}, pandoc.Attr('contents')),
    pandoc.BulletList(toc)}, pandoc.Attr('TOC', {'toc'})))
  for _, div in ipairs(sections) do
    table.insert(blocks, pandoc.HorizontalRule())
    table.insert(blocks, div)
  end
  -- the template's page is 36em wide; the document's tables are wider: a wider page, and tables that scroll
  -- tables fit the page: cells wrap, long code names anywhere; figures scale down to the page; print: no page
  -- width, no breaks inside figures and table rows, link targets not printed
  doc.meta['header-includes'] = pandoc.MetaBlocks({pandoc.RawBlock('html', table.concat({
    '<style>',
    'body { max-width: 60em; }',
    'table { width: 100%; table-layout: auto; font-size: 90%; }',
    'td, th { overflow-wrap: break-word; vertical-align: top; }',
    'td code, th code { overflow-wrap: anywhere; word-break: break-all; white-space: normal; }',
    'pre, pre code, pre > code.sourceCode { white-space: pre-wrap !important; overflow-wrap: anywhere; }',
    'table.wide { font-size: 75%; } table.wide td, table.wide th { overflow-wrap: anywhere; padding: 0.1em 0.3em; }',
    'img, svg { max-width: 100%; height: auto; }',
    'math[display="block"] { overflow-x: auto; max-width: 100%; }',
    'figure { margin: 1em 0; } hr { margin: 3em 0; }',
    '#TOC ul { columns: 2; } #TOC li { break-inside: avoid; }',
    '.trace { font-size: 85%; color: #444; margin-top: -0.5em; }',
    '@media print { body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }',
    '  a { color: inherit; text-decoration: none; } figure, tr, .trace { break-inside: avoid; }',
    '  #TOC { break-after: page; } hr { border: none; margin: 1em 0; } .paper-section { break-before: page; } }',
    '</style>'}, '\n'))})
  return pandoc.Pandoc(blocks, doc.meta)
end
