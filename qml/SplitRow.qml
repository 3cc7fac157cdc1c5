import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// One weighted rule: for each backend its configured share (thin bar) over its observed share
// (thick bar) and a weight slider; presets that send a percentage to the canary (the last
// backendRef), promote and roll back; a drift warning; the split of the last minutes. Every
// change is one undoable edit of the YAML and, while the gateway runs, applies live.
Rectangle {
    id: root

    required property string routeId
    required property string routeName
    required property int ruleIndex
    required property var backends
    required property string drift
    required property var total
    required property var history
    required property LiveGateway live
    required property Document document
    property RolloutRehearsal rehearsal: null

    readonly property var colors: [Theme.traffic, Theme.canary, "#8e24aa", "#43a047", "#6d4c41"]
    readonly property var configured: backends.map(b => b.configuredPct)
    // While a rehearsal steps this rule, its weights are the rehearsal's.
    readonly property bool rehearsing: rehearsal !== null && rehearsal.running && rehearsal.routeId === routeId
                                       && rehearsal.ruleIndex === ruleIndex

    objectName: "split:" + routeId + "/rule/" + ruleIndex
    implicitHeight: column.implicitHeight + 16
    color: Theme.panel
    border.color: drift !== "" ? Theme.warning : Theme.border
    radius: 4

    ColumnLayout {
        id: column
        x: 8
        y: 8
        width: parent.width - 16
        spacing: 4

        Flow {
            id: header
            Layout.fillWidth: true
            spacing: 8
            Text {
                width: Math.min(implicitWidth, header.width)
                wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                text: qsTr("%1 · rule %2").arg(root.routeName).arg(root.ruleIndex)
                font.bold: true
                font.pixelSize: Theme.fontSize
                color: Theme.text
            }
            Text {
                width: Math.min(implicitWidth, header.width)
                wrapMode: Text.Wrap
                text: root.live.running ? qsTr("%1 requests in the last 10 s").arg(root.total) : qsTr("configured")
                color: Theme.textMuted
                font.pixelSize: Theme.smallFontSize
                horizontalAlignment: Text.AlignRight
            }
        }
        // By count, so a poll's fresh `backends` rebinds the rows instead of recreating them (a
        // slider being dragged survives the 10 Hz refresh).
        Repeater {
            model: root.backends.length
            delegate: RowLayout {
                id: backendRow
                required property int index
                readonly property var modelData: root.backends[index] || ({})
                readonly property bool canary: index === root.backends.length - 1
                Layout.fillWidth: true
                spacing: 6
                Rectangle { width: 10; height: 10; radius: 5; color: root.colors[backendRow.index % root.colors.length] }
                Text {
                    // A long name is elided here and whole in the tooltip.
                    property bool mayElide: true
                    Layout.preferredWidth: 70
                    text: backendRow.modelData.name + (backendRow.canary ? " ⚑" : "")
                    elide: Text.ElideRight
                    color: Theme.text
                    font.pixelSize: Theme.fontSize
                    ToolTip.visible: nameHover.hovered
                    ToolTip.text: backendRow.canary ? qsTr("The canary: the rule's last backendRef") : backendRow.modelData.edgeId
                    HoverHandler { id: nameHover }
                }
                Item {
                    Layout.fillWidth: true
                    height: 16
                    Rectangle { width: parent.width; height: parent.height; color: Theme.panelAlt; radius: 2 }
                    Rectangle {   // configured
                        objectName: "configured:" + backendRow.modelData.edgeId
                        width: parent.width * backendRow.modelData.configuredPct / 100
                        height: 4
                        color: Theme.textMuted
                    }
                    Rectangle {   // observed
                        objectName: "observed:" + backendRow.modelData.edgeId
                        y: 6
                        width: parent.width * Math.max(0, backendRow.modelData.observedPct) / 100
                        height: 10
                        radius: 2
                        color: root.colors[backendRow.index % root.colors.length]
                    }
                }
                Text {
                    Layout.preferredWidth: 86
                    text: Math.round(backendRow.modelData.configuredPct) + "% → "
                          + (backendRow.modelData.observedPct >= 0 ? Math.round(backendRow.modelData.observedPct) + "%" : "–")
                    color: Theme.text
                    font.pixelSize: Theme.fontSize
                    horizontalAlignment: Text.AlignRight
                }
                Slider {
                    id: slider
                    objectName: "weightSlider:" + backendRow.modelData.edgeId
                    Layout.preferredWidth: 80
                    from: 0
                    to: Math.max(100, backendRow.modelData.weight)
                    stepSize: 1
                    enabled: !root.rehearsing
                    value: backendRow.modelData.weight
                    onPressedChanged: if (!pressed && value !== backendRow.modelData.weight)
                                          root.document.edits.setBackendWeight(backendRow.modelData.edgeId, value)
                    ToolTip.visible: pressed || sliderHover.hovered
                    ToolTip.text: qsTr("weight %1").arg(Math.round(value))
                    HoverHandler { id: sliderHover }
                }
            }
        }
        Flow {
            Layout.fillWidth: true
            spacing: 2
            Text { height: 24; verticalAlignment: Text.AlignVCenter; text: qsTr("Canary:"); color: Theme.textMuted; font.pixelSize: Theme.smallFontSize }
            Repeater {
                model: [0, 1, 5, 25, 50, 100]
                delegate: Button {
                    required property int modelData
                    objectName: "preset:" + modelData
                    enabled: !root.rehearsing
                    text: modelData + "%"
                    implicitWidth: 42
                    flat: true
                    padding: 4
                    font.pixelSize: Theme.smallFontSize
                    onClicked: root.live.setCanaryPercent(root.routeId, root.ruleIndex, modelData)
                }
            }
            Button {
                objectName: "promote"
                enabled: !root.rehearsing
                text: qsTr("Promote")
                implicitWidth: 72
                padding: 4
                font.pixelSize: Theme.smallFontSize
                onClicked: root.live.setCanaryPercent(root.routeId, root.ruleIndex, 100)
            }
            Button {
                objectName: "rollback"
                enabled: !root.rehearsing
                text: qsTr("Roll back")
                implicitWidth: 72
                padding: 4
                font.pixelSize: Theme.smallFontSize
                onClicked: root.live.setCanaryPercent(root.routeId, root.ruleIndex, 0)
            }
            Button {
                objectName: "rehearse"
                visible: root.rehearsal !== null
                enabled: root.rehearsal !== null && !root.rehearsal.running
                text: qsTr("Rehearse…")
                implicitWidth: 80
                padding: 4
                font.pixelSize: Theme.smallFontSize
                ToolTip.visible: hovered
                ToolTip.delay: 600
                ToolTip.text: qsTr("Step the canary through a rollout plan, checked against error and latency gates")
                onClicked: root.rehearsal.select(root.routeId, root.ruleIndex)
            }
        }
        Text {
            visible: root.drift !== ""
            Layout.fillWidth: true
            text: "⚠ " + root.drift
            wrapMode: Text.Wrap
            color: Theme.warning
            font.pixelSize: Theme.smallFontSize
        }
        SplitStrip {
            visible: root.live.running
            Layout.fillWidth: true
            Layout.preferredHeight: 28
            history: root.history
            configured: root.configured
            colors: root.colors
            // This rule's rehearsal checks, at the second each was made (refreshed with the history).
            marks: {
                const r = root.rehearsal
                if (!r || r.routeId !== root.routeId || r.ruleIndex !== root.ruleIndex || r.checks.length === 0)
                    return []
                const now = r.elapsed() + 0 * root.history.length   // re-evaluated as the history moves on
                return r.checks.map(c => ({age: now - c.at, verdict: c.verdict}))
            }
        }
    }
}
