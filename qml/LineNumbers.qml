import QtQuick

// The line numbers beside the YAML, with a mark on lines that have an error or a warning.
Rectangle {
    id: root

    property int lineCount: 0
    property real lineHeight: 16
    property real topPadding: 0
    property var errors: []

    readonly property var marked: {
        const m = {}
        for (const e of errors)
            m[e.line] = m[e.line] === true || e.error
        return m
    }

    width: 44
    color: Theme.panelAlt

    Repeater {
        model: root.lineCount
        delegate: Text {
            required property int index
            x: 0
            width: root.width - 8
            y: root.topPadding + index * root.lineHeight
            height: root.lineHeight
            horizontalAlignment: Text.AlignRight
            verticalAlignment: Text.AlignVCenter
            text: index + 1
            font.family: Theme.monoFont
            font.pixelSize: Theme.smallFontSize
            color: root.marked[index + 1] === undefined ? Theme.textMuted
                   : root.marked[index + 1] ? Theme.error : Theme.warning
            font.bold: root.marked[index + 1] !== undefined
        }
    }
}
