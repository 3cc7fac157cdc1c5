import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import GatewayStudio.Editor

// A canary rollout rehearsed on the running gateway (RolloutRehearsal): the plan as a form, Start
// and Stop, the step under way, the chart of weight, 5xx and p99 with each check marked, the
// verdict, the timeline of checks, and Save report. Chosen from a split's Rehearse button.
ScrollView {
    id: root

    required property RolloutRehearsal rehearsal
    required property Document document
    signal saveReportRequested()

    objectName: "rolloutPanel"
    contentWidth: availableWidth
    clip: true

    ColumnLayout {
        width: root.availableWidth
        spacing: 6

        Text {
            Layout.fillWidth: true
            Layout.margins: 10
            Layout.bottomMargin: 0
            text: root.rehearsal.title !== "" ? qsTr("Rehearse the canary of %1").arg(root.rehearsal.title)
                                              : qsTr("Choose a weighted rule: Rehearse on its split (below the canvas).")
            wrapMode: Text.Wrap
            font.bold: root.rehearsal.title !== ""
            color: root.rehearsal.title !== "" ? Theme.text : Theme.textMuted
            font.pixelSize: Theme.fontSize
        }
        GridLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 10
            Layout.rightMargin: 10
            columns: 2
            columnSpacing: 8
            rowSpacing: 2
            enabled: root.rehearsal.title !== "" && !root.rehearsal.running
            Label { text: qsTr("Steps (%)") }
            TextField {
                objectName: "rolloutSteps"
                Layout.fillWidth: true
                text: root.rehearsal.steps
                onTextEdited: root.rehearsal.steps = text
            }
            Label { text: qsTr("Step time") }
            TextField {
                objectName: "rolloutStepTime"
                Layout.fillWidth: true
                text: root.rehearsal.stepTime
                onTextEdited: root.rehearsal.stepTime = text
            }
            Label { text: qsTr("Min requests") }
            SpinBox {
                objectName: "rolloutMinRequests"
                Layout.fillWidth: true
                from: 1
                to: 100000
                editable: true
                value: root.rehearsal.minRequests
                onValueModified: root.rehearsal.minRequests = value
            }
            Label { text: qsTr("Max 5xx") }
            TextField {
                objectName: "rolloutMax5xx"
                Layout.fillWidth: true
                text: root.rehearsal.max5xx
                onTextEdited: root.rehearsal.max5xx = text
            }
            Label { text: qsTr("Max p99") }
            TextField {
                objectName: "rolloutMaxP99"
                Layout.fillWidth: true
                text: root.rehearsal.maxP99
                onTextEdited: root.rehearsal.maxP99 = text
            }
            Label { text: qsTr("5xx above stable") }
            TextField {
                objectName: "rolloutMax5xxIncrease"
                Layout.fillWidth: true
                text: root.rehearsal.max5xxIncrease
                placeholderText: qsTr("off (e.g. 0.5%)")
                onTextEdited: root.rehearsal.max5xxIncrease = text
            }
            Label { text: qsTr("p99 above stable") }
            TextField {
                objectName: "rolloutMaxP99Increase"
                Layout.fillWidth: true
                text: root.rehearsal.maxP99Increase
                placeholderText: qsTr("off (e.g. 50ms)")
                onTextEdited: root.rehearsal.maxP99Increase = text
            }
            Label { text: qsTr("Roll back after") }
            SpinBox {
                objectName: "rolloutThreshold"
                Layout.fillWidth: true
                from: 1
                to: 100
                editable: true
                value: root.rehearsal.threshold
                textFromValue: (v, locale) => v === 1 ? qsTr("1 failed check") : qsTr("%1 failed checks").arg(v)
                valueFromText: (text, locale) => parseInt(text)
                onValueModified: root.rehearsal.threshold = value
            }
            Label { text: qsTr("Path") }
            TextField {
                objectName: "rolloutPath"
                Layout.fillWidth: true
                text: root.rehearsal.path
                placeholderText: qsTr("the rule's first match")
                onTextEdited: root.rehearsal.path = text
            }
            CheckBox {
                objectName: "rolloutGenerate"
                text: qsTr("Send traffic (req/s)")
                checked: root.rehearsal.generate
                onToggled: root.rehearsal.generate = checked
            }
            SpinBox {
                objectName: "rolloutRate"
                Layout.fillWidth: true
                enabled: root.rehearsal.generate
                from: 1
                to: 5000
                editable: true
                value: root.rehearsal.rate
                onValueModified: root.rehearsal.rate = value
            }
        }
        RowLayout {
            Layout.leftMargin: 10
            Layout.rightMargin: 10
            spacing: 6
            Button {
                objectName: "rolloutStart"
                text: root.rehearsal.running ? qsTr("Stop") : qsTr("Rehearse")
                enabled: root.rehearsal.title !== ""
                highlighted: !root.rehearsal.running
                onClicked: root.rehearsal.running ? root.rehearsal.stop() : root.rehearsal.start()
            }
            Button {
                objectName: "rolloutSaveReport"
                text: qsTr("Save report…")
                enabled: !root.rehearsal.running && root.rehearsal.state !== ""
                onClicked: root.saveReportRequested()
            }
        }
        ProgressBar {
            visible: root.rehearsal.running
            Layout.fillWidth: true
            Layout.leftMargin: 10
            Layout.rightMargin: 10
            value: root.rehearsal.stepProgress
        }
        Text {
            objectName: "rolloutMessage"
            visible: text !== "" && text !== root.rehearsal.verdict
            Layout.fillWidth: true
            Layout.leftMargin: 10
            Layout.rightMargin: 10
            text: root.rehearsal.running ? qsTr("Canary at %1% · %2").arg(root.rehearsal.percent).arg(root.rehearsal.message)
                                         : root.rehearsal.message
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize + 1
        }
        Rectangle {
            objectName: "rolloutVerdict"
            visible: root.rehearsal.verdict !== ""
            Layout.fillWidth: true
            Layout.leftMargin: 10
            Layout.rightMargin: 10
            implicitHeight: verdictText.implicitHeight + 12
            radius: 4
            color: root.rehearsal.state === "promoted" ? Theme.ok : root.rehearsal.state === "rolled back" ? Theme.error : Theme.pending
            Text {
                id: verdictText
                objectName: "rolloutVerdictText"
                x: 8
                y: 6
                width: parent.width - 16
                text: root.rehearsal.verdict
                wrapMode: Text.Wrap
                color: "white"
                font.bold: true
                font.pixelSize: Theme.fontSize
            }
        }
        RolloutChart {
            objectName: "rolloutChart"
            visible: root.rehearsal.state !== ""
            Layout.fillWidth: true
            Layout.leftMargin: 6
            Layout.rightMargin: 6
            Layout.preferredHeight: 170
            rehearsal: root.rehearsal
            textColor: Theme.textMuted
            gridColor: Theme.border
        }
        Repeater {
            objectName: "rolloutTimeline"
            model: root.rehearsal.checks
            delegate: Rectangle {
                id: checkRow
                required property var modelData
                required property int index
                objectName: "rolloutCheck:" + index
                Layout.fillWidth: true
                Layout.leftMargin: 10
                Layout.rightMargin: 10
                implicitHeight: checkColumn.implicitHeight + 8
                color: Theme.panelAlt
                radius: 3
                border.color: modelData.verdict === "failed" ? Theme.error : modelData.verdict === "passed" ? Theme.ok : Theme.border
                Column {
                    id: checkColumn
                    x: 6
                    y: 4
                    width: parent.width - 12
                    spacing: 1
                    Text {
                        width: parent.width
                        text: qsTr("Step %1/%2 · canary %3% · %4 s: %5 → %6")
                              .arg(checkRow.modelData.step).arg(checkRow.modelData.steps).arg(checkRow.modelData.percent)
                              .arg(checkRow.modelData.at.toFixed(1)).arg(checkRow.modelData.verdict).arg(checkRow.modelData.outcome)
                        wrapMode: Text.Wrap
                        font.bold: true
                        color: Theme.text
                        font.pixelSize: Theme.smallFontSize + 1
                    }
                    Text {
                        width: parent.width
                        text: qsTr("%1 canary requests · 5xx %2 · p99 %3 ms").arg(checkRow.modelData.canaryRequests)
                              .arg(checkRow.modelData.canary5xx).arg(checkRow.modelData.canaryP99)
                        color: Theme.textMuted
                        font.pixelSize: Theme.smallFontSize
                    }
                    Text {
                        width: parent.width
                        visible: text !== ""
                        text: checkRow.modelData.reasons
                        wrapMode: Text.Wrap
                        color: checkRow.modelData.verdict === "failed" ? Theme.error : Theme.textMuted
                        font.pixelSize: Theme.smallFontSize
                    }
                }
            }
        }
        Item { Layout.preferredHeight: 8 }
    }
}
