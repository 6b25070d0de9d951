"""Fixed vocabularies: engineering disciplines, statuses, preferences, proficiency, common skills."""

from __future__ import annotations

DISCIPLINES: dict[str, str] = {
    "aerospace": "Aerospace",
    "agricultural": "Agricultural",
    "architectural": "Architectural",
    "automotive": "Automotive",
    "biomedical": "Biomedical",
    "chemical": "Chemical",
    "civil": "Civil",
    "computer": "Computer",
    "control": "Control & Automation",
    "electrical": "Electrical",
    "electronic": "Electronic",
    "environmental": "Environmental",
    "geotechnical": "Geotechnical",
    "industrial": "Industrial",
    "manufacturing": "Manufacturing",
    "marine": "Marine & Naval",
    "materials": "Materials",
    "mechanical": "Mechanical",
    "mechatronics": "Mechatronics",
    "mining": "Mining",
    "nuclear": "Nuclear",
    "petroleum": "Petroleum",
    "robotics": "Robotics",
    "software": "Software",
    "structural": "Structural",
    "systems": "Systems",
    "telecommunications": "Telecommunications",
    "other": "Other",
}

STATUSES: dict[str, str] = {"creator": "Creator", "recruit": "Recruit"}
PREFERENCES: dict[str, str] = {"in_person": "In person", "online": "Online", "hybrid": "Hybrid"}
PROFICIENCIES: dict[str, str] = {"beginner": "Beginner", "intermediate": "Intermediate", "expert": "Expert"}

COMMON_SKILLS: tuple[str, ...] = (
    "3D Printing", "AutoCAD", "Arduino", "C", "C++", "CAD", "CATIA", "CFD", "CNC Machining",
    "Circuit Design", "Composites", "Control Systems", "Data Analysis", "Docker", "Embedded Systems",
    "FEA", "FPGA", "Fluid Mechanics", "GIS", "Go", "HVAC", "Heat Transfer", "Java", "JavaScript",
    "Kubernetes", "LabVIEW", "Machine Learning", "MATLAB", "Materials Testing", "Mechanical Design",
    "Microcontrollers", "PCB Design", "PLC Programming", "Power Electronics", "Process Design",
    "Project Management", "Python", "Revit", "Robotics", "ROS", "Rust", "Signal Processing",
    "Simulink", "SolidWorks", "SQL", "Structural Analysis", "Surveying", "Thermodynamics",
    "TypeScript", "Verilog", "Welding", "Wind Energy", "Solar PV", "Battery Systems",
    "Bioinstrumentation", "Tissue Engineering", "Water Treatment", "Geotechnics", "BIM",
    "Lean Manufacturing", "Six Sigma", "Reliability Engineering", "Aerodynamics", "Propulsion",
    "Avionics", "Chemical Process Control", "Polymer Chemistry", "Drone Design", "Computer Vision",
)
